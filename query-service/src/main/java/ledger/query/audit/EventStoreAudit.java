package ledger.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.eventstore.ChainWalk;
import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.LedgerDigest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The auditor's view of the event store itself, not of any projection: events exactly as stored,
 * read in constant memory, their hash chains recomputed, and a ledger-wide digest.
 * <p>
 * Global positions are handed out before commit, so a lower position can still commit after a
 * higher one. Auditors only get positions at or below the {@link HighWaterMark}, below which
 * nothing can commit any more: resuming after a position never skips an event.
 * <p>
 * Auditors' reads may run long (a whole ledger streamed to a slow client, a digest sorting every
 * event), so their read-only transactions get {@code ledger.audit.read-timeout} in place of the
 * connections' short statement and idle-in-transaction limits.
 */
@Component
public class EventStoreAudit {

    private static final String COLUMNS = """
            global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
            payload_type, payload_revision, payload, meta_data""";
    private static final int FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final ObjectMapper json;
    private final HighWaterMark highWaterMark;
    private final String readTimeout;

    public EventStoreAudit(DataSource dataSource, PlatformTransactionManager transactions,
                           @Qualifier("defaultAxonObjectMapper") ObjectMapper json, HighWaterMark highWaterMark,
                           @Value("${ledger.audit.read-timeout:1h}") Duration readTimeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.json = json;
        this.highWaterMark = highWaterMark;
        this.readTimeout = readTimeout.toMillis() + "ms";
    }

    /** One event as stored, with its position in the whole ledger. */
    public record LedgerEvent(long position, EventChain.StoredEvent stored) {
    }

    /** An event as the audit API shows it: everything stored, payload and metadata as JSON. */
    public record AuditEvent(long position, String aggregateType, String aggregateId, long sequence, String eventId,
                             String type, String revision, String occurredAt, JsonNode metadata, JsonNode payload,
                             String hash) {
    }

    public record Page(List<AuditEvent> events, long next, boolean more, long settledPosition) {
    }

    public record Verification(boolean intact, long eventsChecked, long aggregatesChecked,
                               ChainWalk.BrokenEvent firstBroken) {
    }

    public record Digest(String digest, long position, long events, long aggregates, boolean intact,
                         String algorithm) {
    }

    public AuditEvent toAuditEvent(LedgerEvent event) {
        EventChain.StoredEvent s = event.stored();
        try {
            JsonNode metadata = json.readTree(s.metadata());
            return new AuditEvent(event.position(), s.aggregateType(), s.aggregateId(), s.sequence(), s.eventId(),
                                  s.payloadType(), s.revision(), s.timestamp(), metadata, json.readTree(s.payload()),
                                  metadata.hasNonNull(EventChain.HASH) ? metadata.get(EventChain.HASH).asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException("stored event " + s.eventId() + " is not JSON", e);
        }
    }

    /** The position up to which auditors are handed events: the high-water mark (class comment). */
    public long settledPosition() {
        return highWaterMark.current();
    }

    /** A long read in one read-only transaction, with the auditors' time limits instead of the pool's. */
    private void longRead(Runnable read) {
        readOnly.executeWithoutResult(tx -> {
            jdbc.execute("SET LOCAL statement_timeout = '" + readTimeout + "'");
            jdbc.execute("SET LOCAL idle_in_transaction_session_timeout = '" + readTimeout + "'");
            read.run();
        });
    }

    public Page page(long after, int limit) {
        long settled = settledPosition();
        List<AuditEvent> events = jdbc.query("SELECT " + COLUMNS + " FROM event_store.domain_event_entry"
                                             + " WHERE global_index > ? AND global_index <= ?"
                                             + " ORDER BY global_index LIMIT ?",
                                             (rs, row) -> toAuditEvent(row(rs)), after, settled, limit);
        long next = events.isEmpty() ? after : events.get(events.size() - 1).position();
        return new Page(events, next, next < settled && events.size() == limit, settled);
    }

    /** The event at a global position as the audit feed shows it (what a webhook delivers), if any. */
    public java.util.Optional<AuditEvent> event(long position) {
        return jdbc.query("SELECT " + COLUMNS + " FROM event_store.domain_event_entry WHERE global_index = ?",
                          (rs, row) -> toAuditEvent(row(rs)), position).stream().findFirst();
    }

    /** Every event after {@code after}, in global order, one at a time. */
    public long stream(long after, Consumer<LedgerEvent> consumer) {
        long settled = settledPosition();
        longRead(() -> jdbc.query(
                "SELECT " + COLUMNS + " FROM event_store.domain_event_entry"
                + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index",
                (RowCallbackHandler) rs -> consumer.accept(row(rs)), after, settled));
        return settled;
    }

    /** Recomputes every chain (or one measure's) from the store; names the first broken event. */
    public Verification verify(String aggregateId) {
        ChainWalk walk = walk(aggregateId, Long.MAX_VALUE);
        return new Verification(walk.firstBroken() == null, walk.events(), walk.aggregates(), walk.firstBroken());
    }

    /**
     * A digest of the whole ledger up to a position (the high-water mark when none is given):
     * SHA-256 over one line {@code "<aggregateId> <last sequence> <recomputed hash>\n"} per
     * aggregate, in byte order of the ids. Recomputed from the events, so any change to the
     * history at or below the position changes it, and events appended later do not.
     */
    public Digest digest(Long position) {
        long upTo = position != null ? position : settledPosition();
        ChainWalk walk = walk(null, upTo);
        return new Digest(walk.digest(), upTo, walk.events(), walk.aggregates(), walk.firstBroken() == null,
                          LedgerDigest.ALGORITHM);
    }

    /**
     * The events at or below a position of the aggregates named {@code exactId}, or whose ids start
     * with {@code idPrefix} (a plan's measures are {@code <planId>-<number>}), in global order (each
     * aggregate's in sequence): a plan's history without reading the rest of the ledger, and without
     * sorting it (the digest's order by aggregate costs PostgreSQL a sort on disk at a million events).
     */
    public void readAggregates(long position, String exactId, String idPrefix, Consumer<LedgerEvent> consumer) {
        String like = idPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        longRead(() -> jdbc.query(
                "SELECT " + COLUMNS + " FROM event_store.domain_event_entry WHERE global_index <= ?"
                + " AND (aggregate_identifier = ? OR aggregate_identifier LIKE ? ESCAPE '\\')"
                + " ORDER BY global_index",
                (RowCallbackHandler) rs -> consumer.accept(row(rs)), position, exactId, like));
    }

    /** The digest at each of these positions (ascending), in one walk: see DigestsAtPositions. */
    public java.util.Map<Long, String> digests(long[] ascendingPositions) {
        DigestsAtPositions walk = new DigestsAtPositions(ascendingPositions);
        if (ascendingPositions.length > 0) {
            longRead(() -> jdbc.query(
                    "SELECT " + COLUMNS + " FROM event_store.domain_event_entry WHERE global_index <= ?"
                    + " ORDER BY aggregate_identifier COLLATE \"C\", sequence_number",
                    (RowCallbackHandler) rs -> {
                        LedgerEvent event = row(rs);
                        walk.accept(event.position(), event.stored());
                    }, ascendingPositions[ascendingPositions.length - 1]));
        }
        return walk.finish();
    }

    private ChainWalk walk(String aggregateId, long upTo) {
        ChainWalk walk = new ChainWalk();
        String where = aggregateId == null ? " WHERE global_index <= ?" : " WHERE aggregate_identifier = ? AND global_index <= ?";
        Object[] arguments = aggregateId == null ? new Object[]{upTo} : new Object[]{aggregateId, upTo};
        longRead(() -> jdbc.query(
                "SELECT " + COLUMNS + " FROM event_store.domain_event_entry" + where
                + " ORDER BY aggregate_identifier COLLATE \"C\", sequence_number",
                (RowCallbackHandler) rs -> {
                    LedgerEvent event = row(rs);
                    walk.accept(event.position(), event.stored());
                }, arguments));
        return walk.finish();
    }

    private static LedgerEvent row(ResultSet rs) throws SQLException {
        return new LedgerEvent(rs.getLong("global_index"), new EventChain.StoredEvent(
                rs.getString("type"), rs.getString("aggregate_identifier"), rs.getLong("sequence_number"),
                rs.getString("event_identifier"), rs.getString("time_stamp"), rs.getString("payload_type"),
                rs.getString("payload_revision"), rs.getBytes("payload"), rs.getBytes("meta_data")));
    }
}
