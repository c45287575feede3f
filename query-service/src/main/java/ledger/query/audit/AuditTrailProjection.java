package ledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.MessageTypes;
import ledger.messages.measure.MeasureEvent;
import ledger.query.view.StorableText;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final ObjectMapper storedForm;

    public AuditTrailProjection(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper storedForm) {
        this.jdbc = jdbc;
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
     * The rows of one batch of events, in two round trips: their global positions, then one JDBC
     * batch of inserts. The position is looked up, not taken from the tracking token: for an event
     * that fills a gap, the token holds the highest index seen.
     */
    private void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Long> positions = new HashMap<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT event_identifier, global_index FROM event_store.domain_event_entry WHERE event_identifier = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", rows.stream().map(Row::eventId).toArray()));
            return statement;
        }, (RowCallbackHandler) rs -> positions.put(rs.getString(1), rs.getLong(2)));
        jdbc.batchUpdate("""
                         INSERT INTO query_view.audit_trail
                             (event_id, global_position, measure_id, sequence_number, event_type, event_revision,
                              occurred_at, actor_id, actor_role, actor_unit, correlation_id, payload, chain_hash)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                         ON CONFLICT (event_id) DO NOTHING""", rows, rows.size(), (statement, row) -> {
            Long position = positions.get(row.eventId());
            if (position == null) {
                throw new IllegalStateException("event " + row.eventId() + " is not in the event store");
            }
            statement.setString(1, row.eventId());
            statement.setLong(2, position);
            statement.setString(3, row.measureId());
            statement.setLong(4, row.sequence());
            statement.setString(5, row.type());
            statement.setString(6, row.revision());
            statement.setObject(7, row.occurredAt());
            statement.setString(8, row.actorId());
            statement.setString(9, row.actorRole());
            statement.setString(10, row.actorUnit());
            statement.setString(11, row.correlationId());
            statement.setString(12, row.payload());
            statement.setString(13, row.chainHash());
        });
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM query_view.audit_trail");
    }
}
