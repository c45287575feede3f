package ledger.query.audit;

import ledger.messages.MetadataKeys;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.query.GetMeasureHistory;
import ledger.messages.query.HistoryEntry;
import ledger.query.commons.StorableText;
import ledger.query.support.QueryServiceTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The audit trail: one row per event, with actor and payload; a redelivered event is stored once. */
class AuditTrailProjectionTest extends QueryServiceTest {

    private static final AtomicLong POSITIONS = new AtomicLong(1_000_000);

    @Autowired
    private AuditTrailProjection projection;
    @Autowired
    private AuditTrailQueries queries;

    private static GenericDomainEventMessage<MeasureEvent> message(MeasureEvent event, long sequence) {
        return message(event, sequence, "clerk-7");
    }

    private static GenericDomainEventMessage<MeasureEvent> message(MeasureEvent event, long sequence, String actorId) {
        return new GenericDomainEventMessage<>("Measure", event.measureId(), sequence, event,
                MetaData.from(Map.of(MetadataKeys.ACTOR_ID, actorId, MetadataKeys.ACTOR_ROLE, "UNIT",
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

    /** The first of {@code count} positions of the event store no other test uses. */
    private static long positions(int count) {
        return POSITIONS.addAndGet(count + 10) - count;
    }

    /** The trail's rows of a measure, whole, as PostgreSQL shows them. */
    private List<String> rowsOf(String measureId) {
        return jdbc.queryForList("SELECT row_to_json(a)::text FROM query_view.audit_trail a WHERE measure_id = ?"
                                 + " ORDER BY sequence_number", String.class, measureId);
    }

    /** Delivers the events in one batch, padded with events of another measure to {@code size} in all. */
    private void deliverBatch(List<GenericDomainEventMessage<MeasureEvent>> events, long position, int size)
            throws Exception {
        var batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        for (int i = 0; i < events.size(); i++) {
            deliver(events.get(i), position + i);
        }
        String padding = freshPlanId() + "-9";
        for (int i = events.size(); i < size; i++) {
            deliver(message(new ProgressReported(padding, 50, "进展", List.of(), null), i), position + i);
        }
        batch.commit();
    }

    /**
     * A live batch (a JDBC batch of inserts) and a rebuild's (COPY) write the same rows for the same
     * events, text COPY escapes and a NUL (marked, see StorableText) included.
     */
    @Test
    void theLivePathAndTheCopyPathWriteTheSameRows() throws Exception {
        String id = freshPlanId() + "-3";
        List<GenericDomainEventMessage<MeasureEvent>> events = List.of(
                message(new ProgressReported(id, 40, "过半\0\t\n\\ 完成\u0000其余", List.of("doc\t1"), null), 2,
                        "clerk\u00007"),
                message(new VerificationRejected(id, "证据\r\n不足"), 3));
        long position = positions(AuditTrailProjection.COPY_FROM);

        deliverBatch(events, position, events.size());
        List<String> live = rowsOf(id);
        assertThat(live).hasSize(2);
        assertThat(live.get(0)).contains("clerk" + StorableText.NUL_MARK + "7")
                               .contains("完成" + StorableText.NUL_MARK + "其余").doesNotContain("\\u0000");

        jdbc.update("DELETE FROM query_view.audit_trail WHERE measure_id = ?", id);
        deliverBatch(events, position, AuditTrailProjection.COPY_FROM);
        assertThat(rowsOf(id)).isEqualTo(live);
    }

    /** An event not in the event store fails its whole batch, on either path: no gap in the trail. */
    @ParameterizedTest
    @ValueSource(ints = {2, AuditTrailProjection.COPY_FROM})
    void anEventMissingFromTheEventStoreFailsItsBatch(int size) throws Exception {
        String id = freshPlanId() + "-4";
        long position = positions(AuditTrailProjection.COPY_FROM);
        var stored = message(new ProgressReported(id, 10, "进展", List.of(), null), 2);
        var missing = message(new ProgressReported(id, 20, "进展", List.of(), null), 3);
        var batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        deliver(stored, position);
        projection.on(missing.getPayload(), missing);
        String padding = freshPlanId() + "-9";
        for (int i = 2; i < size; i++) {
            deliver(message(new ProgressReported(padding, 50, "进展", List.of(), null), i), position + i);
        }
        Throwable failure = catchThrowable(batch::commit);
        assertThat(Stream.iterate(failure, Objects::nonNull, Throwable::getCause).map(Throwable::getMessage))
                .anyMatch(message -> message != null && message.contains("null value in column \"global_position\""));
        assertThat(rowsOf(id)).isEmpty();
        assertThat(rowsOf(padding)).isEmpty();
    }
}
