package ledger.command.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells the readers of the event store in other processes (query-service's views) that events
 * were committed: a PostgreSQL notification on {@value #CHANNEL}, sent on a connection of its
 * own after the commit, at most once every {@code minInterval} however many transactions
 * committed meanwhile. Sent outside the events' transactions on purpose: PostgreSQL serializes
 * the commits of transactions that NOTIFY (a lock held until each one's commit is flushed), which
 * would take away the concurrency of the appends themselves. A lost notification only delays a
 * view until its next poll.
 */
public class CommitNotifier implements SmartLifecycle {

    public static final String CHANNEL = "ledger_events_appended";
    private static final Logger log = LoggerFactory.getLogger(CommitNotifier.class);

    private final DataSource dataSource;
    private final long minIntervalNanos;
    private volatile boolean committed;
    private volatile boolean running;
    private Thread sender;

    public CommitNotifier(DataSource dataSource, Duration minInterval) {
        this.dataSource = dataSource;
        this.minIntervalNanos = minInterval.toNanos();
    }

    /** Events were committed: the readers will be told. */
    public void committed() {
        committed = true;
        Thread thread = sender;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void start() {
        running = true;
        sender = new Thread(this::send, "commit-notifier");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void stop() {
        running = false;
        if (sender != null) {
            LockSupport.unpark(sender);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void send() {
        while (running) {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                while (running) {
                    if (!committed) {
                        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                        continue;
                    }
                    committed = false;
                    statement.execute("NOTIFY " + CHANNEL);
                    LockSupport.parkNanos(minIntervalNanos);
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("could not notify the readers of appended events ({}); they poll meanwhile", e.toString());
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                }
            }
        }
    }
}
