package ledger.query.audit;

import ledger.messages.MetadataKeys;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.query.GetMeasureHistory;
import ledger.messages.query.HistoryEntry;
import ledger.query.support.QueryServiceTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail: one row per event, with actor and payload; a redelivered event is stored once. */
class AuditTrailProjectionTest extends QueryServiceTest {

    private static final AtomicLong POSITIONS = new AtomicLong(1_000_000);

    @Autowired
    private AuditTrailProjection projection;
    @Autowired
    private AuditTrailQueries queries;

    private static GenericDomainEventMessage<MeasureEvent> message(MeasureEvent event, long sequence) {
        return new GenericDomainEventMessage<>("Measure", event.measureId(), sequence, event,
                MetaData.from(Map.of(MetadataKeys.ACTOR_ID, "clerk-7", MetadataKeys.ACTOR_ROLE, "UNIT",
                                     MetadataKeys.ACTOR_UNIT, "省财政厅", MetadataKeys.CORRELATION_ID, "req-1",
                                     "hash", "c".repeat(64))),
                "event-" + event.measureId() + "-" + sequence, Instant.parse("2016-03-01T00:00:00Z").plusSeconds(sequence));
    }

    /** Stores the event in the event store at {@code position}, as command-service would, then delivers it. */
    private void deliver(GenericDomainEventMessage<MeasureEvent> message, long position) throws Exception {
        jdbc.update("""
                    INSERT INTO event_store.domain_event_entry (global_index, aggregate_identifier, sequence_number,
                        type, event_identifier, payload, payload_type, time_stamp)
                    VALUES (?, ?, ?, 'Measure', ?, '\\x7b7d', 'Test', '2016-03-01T00:00:00.000Z')
                    ON CONFLICT DO NOTHING""",
                    position, message.getAggregateIdentifier(), message.getSequenceNumber(), message.getIdentifier());
        projection.on(message.getPayload(), message);
    }

    @Test
    void everyEventIsARowWithItsPositionTypeActorAndPayload() throws Exception {
        String id = freshPlanId() + "-25";
        long position = POSITIONS.addAndGet(10);
        deliver(message(new ProgressReported(id, 80, "进展", List.of("doc-9"), null), 2), position);
        deliver(message(new VerificationRejected(id, "证据不足"), 3), position + 1);

        List<HistoryEntry> history = queries.handle(new GetMeasureHistory(id)).events();
        assertThat(history).extracting(HistoryEntry::sequence).containsExactly(2L, 3L);
        assertThat(history).extracting(HistoryEntry::globalPosition).containsExactly(position, position + 1);
        assertThat(history).extracting(HistoryEntry::type).containsExactly("ProgressReported", "VerificationRejected");
        HistoryEntry first = history.get(0);
        assertThat(first.revision()).isEqualTo("2");
        assertThat(first.chainHash()).isEqualTo("c".repeat(64));
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2016-03-01T00:00:02Z"));
        assertThat(first.actor()).isEqualTo(new HistoryEntry.ActorView("clerk-7", "UNIT", "省财政厅"));
        assertThat(first.correlationId()).isEqualTo("req-1");
        assertThat(first.payload().get("percentComplete").asInt()).isEqualTo(80);
        assertThat(first.payload().get("evidence").get(0).asText()).isEqualTo("doc-9");
    }

    @Test
    void anEventDeliveredTwiceIsStoredOnce() throws Exception {
        String id = freshPlanId() + "-1";
        long position = POSITIONS.addAndGet(10);
        var message = message(new ProgressReported(id, 10, "进展", List.of(), null), 2);
        deliver(message, position);
        deliver(message, position);
        assertThat(queries.handle(new GetMeasureHistory(id)).events()).hasSize(1);
    }

    @Test
    void theRowsOfABatchAreWrittenWhenItCommitsAndNotAtAllWhenItRollsBack() throws Exception {
        String id = freshPlanId() + "-2";
        long position = POSITIONS.addAndGet(10);
        var batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        deliver(message(new ProgressReported(id, 10, "进展", List.of(), null), 2), position);
        deliver(message(new ProgressReported(id, 20, "进展", List.of(), null), 3), position + 1);
        assertThat(queries.handle(new GetMeasureHistory(id)).events()).isEmpty();
        batch.commit();
        assertThat(queries.handle(new GetMeasureHistory(id)).events()).extracting(HistoryEntry::globalPosition)
                                                                     .containsExactly(position, position + 1);

        var rolledBack = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        deliver(message(new ProgressReported(id, 30, "进展", List.of(), null), 4), position + 2);
        rolledBack.rollback();
        assertThat(queries.handle(new GetMeasureHistory(id)).events()).hasSize(2);
    }
}
