package ledger.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.MessageTypes;
import ledger.messages.measure.MeasureEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The audit trail ({@code query_view.audit_trail}): one row per event, keyed by the event's id,
 * so an event delivered twice is stored once. Payloads are kept in their current shape (older
 * revisions upcast); {@code /api/v1/audit/events} serves them exactly as stored.
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";

    private final JdbcTemplate jdbc;
    private final ObjectMapper storedForm;

    public AuditTrailProjection(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper storedForm) {
        this.jdbc = jdbc;
        this.storedForm = storedForm;
    }

    @EventHandler
    public void on(MeasureEvent event, DomainEventMessage<?> message) throws JsonProcessingException {
        // not the tracking token's position: for an event that fills a gap, that is the highest index seen
        Long position = jdbc.queryForObject(
                "SELECT global_index FROM event_store.domain_event_entry WHERE event_identifier = ?", Long.class,
                message.getIdentifier());
        Revision revision = event.getClass().getAnnotation(Revision.class);
        var metadata = message.getMetaData();
        jdbc.update("""
                    INSERT INTO query_view.audit_trail
                        (event_id, global_position, measure_id, sequence_number, event_type, event_revision,
                         occurred_at, actor_id, actor_role, actor_unit, correlation_id, payload, chain_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                    ON CONFLICT (event_id) DO NOTHING""",
                    message.getIdentifier(), position, event.measureId(), message.getSequenceNumber(),
                    MessageTypes.nameOf(event.getClass()).orElse(event.getClass().getName()),
                    revision == null ? null : revision.value(),
                    OffsetDateTime.ofInstant(message.getTimestamp(), ZoneOffset.UTC),
                    metadata.get(MetadataKeys.ACTOR_ID), metadata.get(MetadataKeys.ACTOR_ROLE),
                    metadata.get(MetadataKeys.ACTOR_UNIT), metadata.get(MetadataKeys.CORRELATION_ID),
                    storedForm.writeValueAsString(event), metadata.get(EventChain.HASH));
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM query_view.audit_trail");
    }
}
