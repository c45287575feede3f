package ledger.launcher;

import java.io.IOException;
import java.time.Duration;

/**
 * Keeps the launcher's PostgreSQL up: when its postmaster is gone (killed, crashed) while the
 * launcher lives, it withdraws the ready file, starts PostgreSQL again on the same data directory
 * and port (crash recovery from the WAL; fsync is on, so every committed transaction is kept) and
 * announces it again. The services' connection pools reconnect by themselves.
 * <p>
 * A failed restart is not retried here: zonky may still hold the data directory's lock for the
 * half-started instance. The launcher exits instead, and {@code ./ledger start} starts a new one,
 * which first stops whatever is left of the old server.
 */
final class PostmasterWatch {

    private final LocalPostgres postgres;
    private final ReadyFile ready;
    private final Duration interval;

    PostmasterWatch(LocalPostgres postgres, ReadyFile ready, Duration interval) {
        this.postgres = postgres;
        this.ready = ready;
        this.interval = interval;
    }

    /** Returns when the launcher is closed; throws when PostgreSQL could not be started again. */
    void run() throws IOException, InterruptedException {
        while (true) {
            Thread.sleep(interval.toMillis());
            if (postgres.postmasterRunning()) {
                continue;
            }
            ready.withdraw();
            long started = System.nanoTime();
            System.out.println("the postmaster (PID " + postgres.postmasterPid() + ") is gone;"
                               + " starting PostgreSQL again on the same data (crash recovery)");
            if (!postgres.restart()) {
                return;   // closed: the launcher is stopping
            }
            ready.announce(postgres.jdbcUrl());
            System.out.printf("PostgreSQL ready again at %s (postmaster PID %d) after %d ms%n", postgres.jdbcUrl(),
                              postgres.postmasterPid(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
