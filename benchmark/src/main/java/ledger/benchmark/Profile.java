package ledger.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a warm command's CPU goes, one concurrency at a time (bench/profile.sh): a warm-up of
 * progress reports; a phase of the same load measured: the CPU of each process from /proc, and
 * PostgreSQL's transactions, scans and row operations per command from its statistics views; then
 * the same load again with JFR recording in both services (apart, so that the recording's own cost
 * is not in the figures). The recordings are left for docs/bench/jfr-aggregate.py.
 */
final class Profile {

    private final CommandLoad load;
    private final ProcessCpu cpu;
    private final Path dataDirectory;
    private final Path output;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;

    Profile(CommandLoad load, Path dataDirectory, Path output, String dbUrl, String dbUser, String dbPassword) {
        this.load = load;
        this.cpu = new ProcessCpu(dataDirectory);
        this.dataDirectory = dataDirectory;
        this.output = output;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    void run(List<Integer> concurrencies, Duration warmUp, Duration phase) throws Exception {
        Files.createDirectories(output);
        for (int concurrency : concurrencies) {
            Load.Outcome warm = Load.closedLoop(concurrency, warmUp, () -> load.report().ok());
            System.out.printf("concurrency %d: warm-up %d s, %,.0f commands/s, %d errors%n", concurrency,
                              warmUp.toSeconds(), warm.perSecond(), warm.errors());
            // first the figures, with no recording running; then the same load again, recorded
            Map<String, Double> cpuBefore = cpu.seconds();
            Map<String, Long> dbBefore = databaseCounters();
            Load.Outcome measured = Load.closedLoop(concurrency, phase, () -> load.report().ok());
            Map<String, Double> cpuAfter = cpu.seconds();
            Map<String, Long> dbAfter = databaseCounters();
            List<String> services = List.of("command-service", "query-service");
            for (String service : services) {
                // JFR's default settings: execution samples every 20 ms per running thread, about 1 % overhead
                jcmd(service, "JFR.start", "name=profile", "settings=default");
            }
            Load.Outcome recorded = Load.closedLoop(concurrency, phase, () -> load.report().ok());
            for (String service : services) {
                jcmd(service, "JFR.stop", "name=profile",
                     "filename=" + output.resolve(service + "-c" + concurrency + ".jfr").toAbsolutePath());
            }
            System.out.printf("concurrency %d: recorded %d s, %,.0f commands/s, %d errors%n", concurrency,
                              phase.toSeconds(), recorded.perSecond(), recorded.errors());
            long done = measured.operations();
            System.out.printf("concurrency %d: %d s, %,d commands (%,.0f/s), %d errors%n", concurrency,
                              phase.toSeconds(), done, measured.perSecond(), measured.errors());
            double total = 0;
            for (var process : cpuAfter.entrySet()) {
                double ms = (process.getValue() - cpuBefore.getOrDefault(process.getKey(), process.getValue())) * 1000 / done;
                total += ms;
                System.out.printf("  CPU per command: %-16s %.2f ms%n", process.getKey(), ms);
            }
            System.out.printf("  CPU per command: %-16s %.2f ms%n", "total", total);
            System.out.println("  PostgreSQL per command (counters that moved):");
            for (var counter : dbAfter.entrySet()) {
                long delta = counter.getValue() - dbBefore.getOrDefault(counter.getKey(), 0L);
                if (delta != 0) {
                    System.out.printf("    %-60s %8.2f%n", counter.getKey(), (double) delta / done);
                }
            }
        }
    }

    /** Commits of the ledger's database, and each table's scans and row operations, so far. */
    private Map<String, Long> databaseCounters() throws SQLException {
        Map<String, Long> counters = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement statement = connection.createStatement()) {
            // statistics are per backend until it reports them: ask for the latest
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery(
                    "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                counters.put("database: commits", rs.getLong(1));
                counters.put("database: rollbacks", rs.getLong(2));
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT schemaname || '.' || relname, seq_scan, coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del
                    FROM pg_stat_user_tables""")) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    counters.put(table + ": sequential scans", rs.getLong(2));
                    counters.put(table + ": index scans", rs.getLong(3));
                    counters.put(table + ": rows inserted", rs.getLong(4));
                    counters.put(table + ": rows updated", rs.getLong(5));
                    counters.put(table + ": rows deleted", rs.getLong(6));
                }
            }
        }
        return counters;
    }

    private void jcmd(String service, String... arguments) throws IOException, InterruptedException {
        String pid = Files.readString(dataDirectory.resolve("run").resolve(service + ".pid")).strip();
        String java = ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().command()).orElse("java");
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), pid));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " on " + service + ": " + said);
        }
    }
}
