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
 * Listens on PostgreSQL for the notification the event table's trigger sends when command-service
 * commits events (event_store migration V6), and wakes the event store's reader: a view sees a
 * new event within milliseconds of its commit rather than at the next poll. The poll
 * ({@code ledger.event-store.fetch-delay}) stays as the fallback, so a lost notification, or a
 * connection that cannot LISTEN, delays a view but never loses an event. One connection of the
 * pool is held for it.
 */
public class AppendNotifications implements SmartLifecycle {

    static final String CHANNEL = "ledger_events_appended";
    private static final Logger log = LoggerFactory.getLogger(AppendNotifications.class);
    private static final int WAIT_MILLIS = 1000;

    private final DataSource dataSource;
    private final WakeableEventStore eventStore;
    private final Duration retryAfter;
    private volatile boolean running;
    private Thread listener;

    public AppendNotifications(DataSource dataSource, WakeableEventStore eventStore, Duration retryAfter) {
        this.dataSource = dataSource;
        this.eventStore = eventStore;
        this.retryAfter = retryAfter;
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

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                // whatever was committed while nobody listened is fetched now
                eventStore.wake();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        eventStore.wake();
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
