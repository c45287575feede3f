package ledger.query.config;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Listens on PostgreSQL for the notification command-service sends after it commits events
 * (its CommitNotifier), and wakes the event store's reader: a view sees a
 * new event within milliseconds of its commit rather than at the next poll. The poll
 * ({@code ledger.event-store.fetch-delay}) stays as the fallback, so a lost notification, or a
 * connection that cannot LISTEN, delays a view but never loses an event. One connection of the
 * pool is held for it.
 * <p>
 * Wake-ups are at least {@code minInterval} apart: under a stream of commits, each wake-up finds
 * the events of several commits, and the processors handle them in one batch and one token
 * update, as they did with a short poll, instead of one of each per commit.
 */
public class AppendNotifications implements SmartLifecycle {

    static final String CHANNEL = "ledger_events_appended";
    private static final Logger log = LoggerFactory.getLogger(AppendNotifications.class);
    private static final int WAIT_MILLIS = 1000;

    private final DataSource dataSource;
    private final WakeableEventStore eventStore;
    private final Duration retryAfter;
    private final long minIntervalNanos;
    private long lastWake;
    private volatile boolean running;
    private Thread listener;

    public AppendNotifications(DataSource dataSource, WakeableEventStore eventStore, Duration retryAfter,
                               Duration minInterval) {
        this.dataSource = dataSource;
        this.eventStore = eventStore;
        this.retryAfter = retryAfter;
        this.minIntervalNanos = minInterval.toNanos();
        this.lastWake = System.nanoTime() - minIntervalNanos;
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "event-append-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(WAIT_MILLIS * 2L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void wake() {
        lastWake = System.nanoTime();
        eventStore.wake();
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                // whatever was committed while nobody listened is fetched now
                wake();
                boolean pending = false;
                while (running) {
                    long sinceWake = System.nanoTime() - lastWake;
                    int wait = pending ? (int) Math.max(1, (minIntervalNanos - sinceWake) / 1_000_000) : WAIT_MILLIS;
                    PGNotification[] notifications = postgres.getNotifications(wait);
                    pending |= notifications != null && notifications.length > 0;
                    if (pending && System.nanoTime() - lastWake >= minIntervalNanos) {
                        wake();
                        pending = false;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("not listening for appended events ({}); views poll until it listens again in {}",
                         e.toString(), retryAfter);
                try {
                    Thread.sleep(retryAfter.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
