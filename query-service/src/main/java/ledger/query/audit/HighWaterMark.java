package ledger.query.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The highest global position below which every position is committed or abandoned for good, so
 * that a reader resuming after it can never skip an event: PostgreSQL's own knowledge of what is
 * still in flight, not a clock.
 * <p>
 * Positions come from a sequence before commit, so a lower one can commit after a higher one. But
 * a position is handed out only to a transaction that already holds its id (migration V4). So
 * when the sequence stood at {@code s} and, afterwards, this reader took a transaction id
 * {@code X} of its own, every position up to {@code s} belongs to a transaction older than {@code X}; once
 * PostgreSQL's oldest running transaction ({@code pg_snapshot_xmin}) is {@code X} or newer, all of
 * those have committed or rolled back, and {@code s} is safe. A tick records such a candidate and
 * clears those whose transactions have all ended; a transaction held open holds the mark below its
 * position for as long as it runs, and no longer. Ticks run every
 * {@code ledger.audit.high-water-interval} and at every read.
 */
@Component
public class HighWaterMark implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HighWaterMark.class);

    private static final SQLExceptionSubclassTranslator TRANSLATOR = new SQLExceptionSubclassTranslator();

    private final DataSource dataSource;
    private final Duration interval;
    /** Positions handed out, each with the first transaction id that could not yet have taken one of them. */
    private final Deque<Candidate> pending = new ArrayDeque<>();
    private long mark;
    private ScheduledExecutorService ticker;

    private record Candidate(long position, long nextTransactionId) {
    }

    public HighWaterMark(DataSource dataSource,
                         @Value("${ledger.audit.high-water-interval:100ms}") Duration interval) {
        this.dataSource = dataSource;
        this.interval = interval;
    }

    /** The mark as of now: every event at or below it that will ever exist is visible to a new query. */
    public synchronized long current() {
        long handedOut;
        long oldestRunning;
        long ownTransactionId;
        // a connection of its own, in auto-commit: never a caller's transaction, whose id may be old
        // and which may stay open long after this read
        Connection opened;
        try {
            opened = dataSource.getConnection();
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("cannot read the high-water mark", e);
        }
        try (Connection connection = opened; Statement statement = connection.createStatement()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            // first what the sequence has handed out, then a transaction id taken after it: the order matters
            try (ResultSet rs = statement.executeQuery("""
                    SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END
                    FROM event_store.domain_event_entry_global_index_seq""")) {
                rs.next();
                handedOut = rs.getLong(1);
            }
            // A transaction id of our own, not the snapshot's xmax: xmax is one past the latest
            // *completed* id, and a transaction holding a higher id may still run (the seals' test
            // caught the mark passing an uncommitted position that way). A fresh id is higher than
            // every id handed out before it.
            try (ResultSet rs = statement.executeQuery("""
                    SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
                           pg_current_xact_id()::text::bigint""")) {
                rs.next();
                oldestRunning = rs.getLong(1);
                ownTransactionId = rs.getLong(2);
            }
        } catch (SQLException e) {
            DataAccessException translated = TRANSLATOR.translate("reading the high-water mark", null, e);
            throw translated != null ? translated : new UncategorizedSQLException("reading the high-water mark", null, e);
        }
        if (handedOut > mark && (pending.isEmpty() || handedOut > pending.peekLast().position())) {
            pending.addLast(new Candidate(handedOut, ownTransactionId));
        }
        while (!pending.isEmpty() && pending.peekFirst().nextTransactionId() <= oldestRunning) {
            mark = Math.max(mark, pending.pollFirst().position());
        }
        return mark;
    }

    private void tick() {
        try {
            current();
        } catch (RuntimeException e) {
            // the database is away: the mark stays where it was, reads fail on their own
            log.debug("high-water mark not advanced: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-high-water-mark");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }
}
