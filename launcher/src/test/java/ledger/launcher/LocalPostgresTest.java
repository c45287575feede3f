package ledger.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher's database: durable settings, data kept across restarts, orphans dealt with, a
 * killed postmaster started again.
 */
class LocalPostgresTest {

    @TempDir
    Path directory;

    private final List<Process> started = new ArrayList<>();

    @Test
    void dataSurviveARestartAndDurabilityIsOn() throws Exception {
        Path data = directory.resolve("postgres");
        int port = freePort();
        try (LocalPostgres postgres = LocalPostgres.start(data, port);
             Connection connection = postgres.connect()) {
            assertThat(setting(connection, "fsync")).isEqualTo("on");
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            connection.createStatement().execute("CREATE TABLE kept (value text)");
            connection.createStatement().execute("INSERT INTO kept VALUES ('before restart')");
        }
        try (LocalPostgres postgres = LocalPostgres.start(data, port);
             Connection connection = postgres.connect()) {
            assertThat(single(connection, "SELECT value FROM kept")).isEqualTo("before restart");
        }
    }

    @Test
    void aPostmasterOrphanedByAKilledLauncherIsStoppedAndTheDataKept() throws Exception {
        Path data = directory.resolve("postgres");
        Path run = directory.resolve("run");
        int port = freePort();
        Process launcher = startLauncher(data, run, port);
        try (Connection connection = DriverManager.getConnection(awaitReady(run, launcher), LocalPostgres.USER, "")) {
            connection.createStatement().execute("CREATE TABLE kept (value text)");
            connection.createStatement().execute("INSERT INTO kept VALUES ('written before the kill')");
        }

        launcher.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook runs
        long orphan = postmasterPid(data);
        assertThat(ProcessHandle.of(orphan)).as("the postmaster outlives its launcher").hasValueSatisfying(
                process -> assertThat(process.isAlive()).isTrue());

        try (LocalPostgres postgres = LocalPostgres.start(data, port);
             Connection connection = postgres.connect()) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(postmasterPid(data)).isNotEqualTo(orphan);
            assertThat(single(connection, "SELECT value FROM kept")).isEqualTo("written before the kill");
        }
    }

    @Test
    void aPostmasterKilledUnderALiveLauncherComesBackOnTheSamePortWithTheDataKept() throws Exception {
        Path data = directory.resolve("postgres");
        Path run = directory.resolve("run");
        Process launcher = startLauncher(data, run, freePort());
        String url = awaitReady(run, launcher);
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
            connection.createStatement().execute("CREATE TABLE kept (value text)");
            connection.createStatement().execute("INSERT INTO kept VALUES ('written before the kill')");
        }
        // an idle pooled connection, as a service holds, and a backend busy in a long statement,
        // which does not notice the postmaster's death and would keep a new one from starting
        try (Connection pooled = DriverManager.getConnection(url, LocalPostgres.USER, "");
             Connection busy = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
            CompletableFuture<Void> statement = CompletableFuture.runAsync(() -> {
                try {
                    busy.createStatement().execute("SELECT count(*) FROM generate_series(1, 100000000000)");
                } catch (SQLException expected) {
                    // its backend is killed
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> activeStatements(url) > 0);
            long killed = postmasterPid(data);
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();   // SIGKILL: no shutdown, crash recovery next

            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                   .until(() -> postmasterPid(data) != killed && Files.exists(run.resolve("postgres.url")));
            assertThat(launcher.isAlive()).isTrue();
            assertThat(Files.readString(run.resolve("postgres.url")).strip()).isEqualTo(url);
            assertThat(Postmaster.running(postmasterPid(data))).isTrue();
            statement.get(30, TimeUnit.SECONDS);
        }
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
            assertThat(single(connection, "SELECT value FROM kept")).isEqualTo("written before the kill");
        }

        long restarted = postmasterPid(data);
        launcher.destroy();   // SIGTERM: a clean stop, which the watch must not undo
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // pg_ctl returns once postmaster.pid is gone, a moment before the postmaster exits
        await().atMost(Duration.ofSeconds(30)).until(() -> !Postmaster.running(restarted));
        assertThat(Files.exists(data.resolve("postmaster.pid"))).as("no new postmaster after the stop").isFalse();
        assertThat(Postmaster.serverProcesses(data)).isEmpty();
    }

    /**
     * A fresh machine: nothing unpacked yet where zonky unpacks, and two first starts at once (a
     * ledger and a test suite, or two ledgers), each with the heap ./ledger gives its launcher. Then
     * an unpack that died half way (lib and share, no bin), as a launcher out of memory left it:
     * the next start repairs it.
     */
    @Test
    void twoFirstStartsOnAFreshMachineBothComeUpAndAHalfUnpackRepairsItself() throws Exception {
        Path temporary = Files.createDirectories(directory.resolve("fresh-tmp"));
        String[] freshMachine = {"-Xmx256m", "-Djava.io.tmpdir=" + temporary};
        Path firstRun = directory.resolve("run-1");
        Path secondRun = directory.resolve("run-2");
        Process first = startLauncher(directory.resolve("postgres-1"), firstRun, freePort(), freshMachine);
        Process second = startLauncher(directory.resolve("postgres-2"), secondRun, freePort(), freshMachine);
        assertAnswers(awaitReady(firstRun, first));
        assertAnswers(awaitReady(secondRun, second));
        stop(first);
        stop(second);

        Path unpack;
        try (var unpacks = Files.list(temporary.resolve("embedded-pg"))) {
            unpack = unpacks.filter(p -> p.getFileName().toString().startsWith("PG-")).findFirst().orElseThrow();
        }
        deleteTree(unpack.resolve("bin"));
        Files.delete(unpack.resolve(".exists"));

        Process repaired = startLauncher(directory.resolve("postgres-1"), firstRun, freePort(), freshMachine);
        assertAnswers(awaitReady(firstRun, repaired));
        assertThat(Files.readString(directory.resolve("launcher.log"))).contains("removed a half-unpacked PostgreSQL");
    }

    private static void assertAnswers(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
            assertThat(single(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    private static void stop(Process launcher) throws InterruptedException {
        launcher.destroy();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private static void deleteTree(Path tree) throws IOException {
        try (var paths = Files.walk(tree)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The launcher as ./ledger runs it, in its own JVM. */
    private Process startLauncher(Path data, Path run, int port, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LocalPostgres.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("launcher.log").toFile()));
        builder.environment().put("LEDGER_DATA_DIR", data.toString());
        builder.environment().put("LEDGER_RUN_DIR", run.toString());
        builder.environment().put("LEDGER_DB_PORT", Integer.toString(port));
        Process launcher = builder.start();
        started.add(launcher);
        return launcher;
    }

    private String awaitReady(Path run, Process launcher) throws IOException {
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(run.resolve("postgres.url")) || !launcher.isAlive());
        assertThat(launcher.isAlive()).as(Files.readString(directory.resolve("launcher.log"))).isTrue();
        return Files.readString(run.resolve("postgres.url")).strip();
    }

    @AfterEach
    void stopLaunchers() throws InterruptedException {
        for (Process launcher : started) {
            launcher.destroy();
            launcher.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static int activeStatements(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
            return Integer.parseInt(single(connection, "SELECT count(*) FROM pg_stat_activity"
                                                       + " WHERE query LIKE '%generate_series%' AND state = 'active'"
                                                       + " AND pid <> pg_backend_pid()"));
        }
    }

    private static long postmasterPid(Path data) throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
        return Long.parseLong(lines.get(0).strip());
    }

    private static String setting(Connection connection, String name) throws SQLException {
        return single(connection, "SHOW " + name);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
