package ledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.MessageTypes;
import ledger.messages.measure.MeasureEvent;
import ledger.query.commons.StorableText;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail ({@code query_view.audit_trail}): one row per event, keyed by the event's id,
 * so an event delivered twice is stored once. The rows of a batch of events are written together
 * when the batch commits. Payloads are kept in their current shape (older
 * revisions upcast); {@code /api/v1/audit/events} serves them exactly as stored. Text PostgreSQL
 * cannot hold (NUL) is marked in the view's copy, never in the store (see StorableText).
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";
    private static final String BATCH = AuditTrailProjection.class.getName() + ".batch";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper storedForm;

    public AuditTrailProjection(JdbcTemplate jdbc, TransactionTemplate transactions,
                                @Qualifier("defaultAxonObjectMapper") ObjectMapper storedForm) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.storedForm = storedForm;
    }

    @EventHandler
    public void on(MeasureEvent event, DomainEventMessage<?> message) {
        Revision revision = event.getClass().getAnnotation(Revision.class);
        var metadata = message.getMetaData();
        Row row = new Row(message.getIdentifier(), StorableText.of(event.measureId()), message.getSequenceNumber(),
                          MessageTypes.nameOf(event.getClass()).orElse(event.getClass().getName()),
                          revision == null ? null : revision.value(),
                          OffsetDateTime.ofInstant(message.getTimestamp(), ZoneOffset.UTC),
                          text(metadata.get(MetadataKeys.ACTOR_ID)), text(metadata.get(MetadataKeys.ACTOR_ROLE)),
                          text(metadata.get(MetadataKeys.ACTOR_UNIT)), text(metadata.get(MetadataKeys.CORRELATION_ID)),
                          StorableText.json(storedForm, event), text(metadata.get(EventChain.HASH)));
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
            unitOfWork.<List<Row>>getOrComputeResource(BATCH, key -> {
                List<Row> rows = new ArrayList<>();
                unitOfWork.onPrepareCommit(u -> insert(rows));
                return rows;
            }).add(row);
        } else {
            insert(List.of(row));
        }
    }

    /** Metadata as the view stores it: text, with any NUL marked (see StorableText). */
    private static String text(Object value) {
        return value == null ? null : StorableText.of(value.toString());
    }

    private record Row(String eventId, String measureId, long sequence, String type, String revision,
                       OffsetDateTime occurredAt, String actorId, String actorRole, String actorUnit,
                       String correlationId, String payload, String chainHash) {
    }

    /**
     * Batches of at least this many rows are loaded by COPY (a rebuild's 20,000 events per
     * transaction, a replaying processor's full batches); smaller ones, the live path, by one JDBC
     * batch of inserts. Below this size COPY's fixed statements cost more than they save.
     */
    static final int COPY_FROM = 100;

    /**
     * The rows of one batch of events, each with its global position looked up in the event store
     * by the event's id, an event already in the trail skipped. The position is looked up, not
     * taken from the tracking token: for an event that fills a gap, the token holds the highest
     * index seen. An event missing from the store must fail the batch, never be left out of the
     * trail in silence (a gap a rebuild would not have): its position is null, and
     * {@code global_position NOT NULL} refuses the row, and with it the batch. PostgreSQL checks
     * NOT NULL before ON CONFLICT, so this holds for an event delivered twice as well.
     */
    private void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        // the batch's transaction, or one of its own: all rows or none, and the load table lives on one connection
        transactions.executeWithoutResult(status -> {
            if (rows.size() >= COPY_FROM) {
                load(rows);
            } else {
                insertEach(rows);
            }
        });
    }

    /** The live path: one JDBC batch, sent in one round trip; the position by the event id's unique index. */
    private void insertEach(List<Row> rows) {
        jdbc.batchUpdate("""
                         INSERT INTO query_view.audit_trail
                             (event_id, global_position, measure_id, sequence_number, event_type, event_revision,
                              occurred_at, actor_id, actor_role, actor_unit, correlation_id, payload, chain_hash)
                         VALUES (?, (SELECT global_index FROM event_store.domain_event_entry WHERE event_identifier = ?),
                                 ?, ?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?::jsonb, ?)
                         ON CONFLICT (event_id) DO NOTHING""", rows, rows.size(), (statement, row) -> {
            statement.setString(1, row.eventId());
            statement.setString(2, row.eventId());
            statement.setString(3, row.measureId());
            statement.setLong(4, row.sequence());
            statement.setString(5, row.type());
            statement.setString(6, row.revision());
            // the same text COPY reads, so that both paths store the same instant
            statement.setString(7, row.occurredAt().toString());
            statement.setString(8, row.actorId());
            statement.setString(9, row.actorRole());
            statement.setString(10, row.actorUnit());
            statement.setString(11, row.correlationId());
            statement.setString(12, row.payload());
            statement.setString(13, row.chainHash());
        });
    }

    /**
     * A large batch: COPY into a temporary table (no index, no WAL), then one INSERT … SELECT; the
     * LEFT JOIN gives an event missing from the store a null position (see {@link #insert}). A
     * rebuild writes 20,000 rows at a time this way (ProjectionAdmin).
     */
    private void load(List<Row> rows) {
        jdbc.execute("""
                     CREATE TEMPORARY TABLE IF NOT EXISTS audit_trail_load (
                         event_id VARCHAR(255), measure_id VARCHAR(255), sequence_number BIGINT,
                         event_type VARCHAR(255), event_revision VARCHAR(32), occurred_at TIMESTAMPTZ,
                         actor_id VARCHAR(255), actor_role VARCHAR(32), actor_unit VARCHAR(255),
                         correlation_id VARCHAR(255), payload TEXT, chain_hash VARCHAR(64)) ON COMMIT DELETE ROWS""");
        jdbc.execute((java.sql.Connection connection) -> {
            try {
                connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                        "COPY audit_trail_load FROM STDIN", new java.io.StringReader(copyText(rows)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
        jdbc.update("""
                    INSERT INTO query_view.audit_trail
                        (event_id, global_position, measure_id, sequence_number, event_type, event_revision,
                         occurred_at, actor_id, actor_role, actor_unit, correlation_id, payload, chain_hash)
                    SELECT l.event_id, e.global_index, l.measure_id, l.sequence_number, l.event_type, l.event_revision,
                           l.occurred_at, l.actor_id, l.actor_role, l.actor_unit, l.correlation_id, l.payload::jsonb,
                           l.chain_hash
                      FROM audit_trail_load l LEFT JOIN event_store.domain_event_entry e ON e.event_identifier = l.event_id
                    ON CONFLICT (event_id) DO NOTHING""");
        jdbc.update("DELETE FROM audit_trail_load");
    }

    /** The rows in COPY's text format: tab-separated, \N for null, backslash escapes. */
    private static String copyText(List<Row> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 512);
        for (Row row : rows) {
            field(text, row.eventId()).append('\t');
            field(text, row.measureId()).append('\t');
            text.append(row.sequence()).append('\t');
            field(text, row.type()).append('\t');
            field(text, row.revision()).append('\t');
            text.append(row.occurredAt()).append('\t');
            field(text, row.actorId()).append('\t');
            field(text, row.actorRole()).append('\t');
            field(text, row.actorUnit()).append('\t');
            field(text, row.correlationId()).append('\t');
            field(text, row.payload()).append('\t');
            field(text, row.chainHash()).append('\n');
        }
        return text.toString();
    }

    private static StringBuilder field(StringBuilder text, String value) {
        if (value == null) {
            return text.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM query_view.audit_trail");
    }
}
