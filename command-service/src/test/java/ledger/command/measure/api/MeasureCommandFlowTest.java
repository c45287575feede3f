package ledger.command.measure.api;

import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.VerificationRejected;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command over HTTP, then the events Axon stored in PostgreSQL, in order, with their actors. */
class MeasureCommandFlowTest extends LedgerApiTest {

    @Autowired
    private EventStore eventStore;

    @Test
    void everyCommandOverHttpIsStoredAsItsEventInOrderWithItsActor() {
        String planId = registeredPlanId();
        String id = planId + "-3";
        ApiClient office = supervisor();
        ApiClient unit = unit("省府办公厅");

        var assigned = office.post("/api/v1/measures", assignBody(planId, 3), "X-Correlation-Id", "corr-assign");
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        assertThat(assigned.json().get("measureId").asText()).isEqualTo(id);
        assertThat(assigned.json().get("version").asLong()).isZero();
        assertThat(assigned.header("Location")).isEqualTo("/api/v1/measures/" + id);
        assertThat(assigned.header("ETag")).isEqualTo("\"0\"");

        expectVersion(unit.post("/api/v1/measures/" + id + "/plan", """
                {"summary":"倒排工期，分三步实施","milestones":[{"title":"清理事项","dueDate":"2016-06-30"}],
                 "responsiblePersons":["王五"]}"""), 1);
        expectVersion(unit.post("/api/v1/measures/" + id + "/progress", """
                {"percentComplete":100,"summary":"已完成清理","evidence":["doc-17"]}"""), 2);
        expectVersion(office.post("/api/v1/measures/" + id + "/verification", """
                {"verdict":"REJECTED","notes":"缺少公开目录"}"""), 3);
        expectVersion(office.post("/api/v1/measures/" + id + "/escalations", """
                {"reason":"FAILED_VERIFICATION","notes":"督办"}"""), 4);
        expectVersion(office.post("/api/v1/measures/" + id + "/due-date", """
                {"newDueDate":"2016-12-31","reason":"需补充公开目录"}"""), 5);
        expectVersion(unit.post("/api/v1/measures/" + id + "/progress", """
                {"percentComplete":100,"summary":"目录已公开","evidence":["doc-18"]}"""), 6);
        expectVersion(office.post("/api/v1/measures/" + id + "/escalations/resolve", """
                {"notes":"已整改"}""", "If-Match", "\"6\""), 7);
        expectVersion(office.post("/api/v1/measures/" + id + "/verification", """
                {"verdict":"PASSED","notes":"核验通过，销号"}"""), 8);

        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(id).asStream().toList();
        assertThat(events).extracting(DomainEventMessage::getSequenceNumber)
                          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(events).<Object>extracting(DomainEventMessage::getPayload).containsExactly(
                new MeasureAssigned(id, planId, 1, "深化行政审批制度改革", 3, "进一步精简行政审批事项",
                                    "全面清理非行政许可审批事项。", List.of("朱小丹", "李锋"), List.of("省政府办公厅", "省编办"),
                                    LocalDate.of(2016, 10, 31), null,
                                    new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null), null, List.of(7, 1)),
                new ImplementationPlanSubmitted(id, "倒排工期，分三步实施",
                                                List.of(new Milestone("清理事项", LocalDate.of(2016, 6, 30))),
                                                List.of("王五")),
                new ProgressReported(id, 100, "已完成清理", List.of("doc-17"), null),
                new VerificationRejected(id, "缺少公开目录"),
                new MeasureEscalated(id, 1, EscalationReason.FAILED_VERIFICATION, "督办"),
                new DueDateExtended(id, LocalDate.of(2016, 10, 31), LocalDate.of(2016, 12, 31), "需补充公开目录"),
                new ProgressReported(id, 100, "目录已公开", List.of("doc-18"), null),
                new EscalationResolved(id, 1, "已整改"),
                new MeasureVerified(id, "核验通过，销号"));

        assertThat(events).extracting(e -> e.getMetaData().get(MetadataKeys.ACTOR_ROLE)).containsExactly(
                "SUPERVISOR", "UNIT", "UNIT", "SUPERVISOR", "SUPERVISOR", "SUPERVISOR", "UNIT", "SUPERVISOR",
                "SUPERVISOR");
        assertThat(events).extracting(e -> e.getMetaData().get(MetadataKeys.ACTOR_ID)).containsExactly(
                "office-1", "clerk-1", "clerk-1", "office-1", "office-1", "office-1", "clerk-1", "office-1",
                "office-1");
        // the token said 省府办公厅; the ledger records the unit's canonical name
        assertThat(events.get(1).getMetaData().get(MetadataKeys.ACTOR_UNIT)).isEqualTo("省政府办公厅");
        assertThat(events.get(0).getMetaData().get(MetadataKeys.CORRELATION_ID)).isEqualTo("corr-assign");
        assertThat(events).allSatisfy(e -> assertThat(e.getMetaData()).containsKeys(
                MetadataKeys.CORRELATION_ID, MetadataKeys.CAUSATION_ID, MetadataKeys.TRACE_ID));

        // the raw rows: JSON payloads under their logical type and revision, in global order
        List<String> rows = jdbc.queryForList("""
                SELECT payload_type || ':' || payload_revision FROM event_store.domain_event_entry
                WHERE aggregate_identifier = ? ORDER BY global_index""", String.class, id);
        assertThat(rows).containsExactly("MeasureAssigned:2", "ImplementationPlanSubmitted:1", "ProgressReported:2",
                                         "VerificationRejected:1", "MeasureEscalated:1", "DueDateExtended:1",
                                         "ProgressReported:2", "EscalationResolved:1", "MeasureVerified:1");
        String payload = jdbc.queryForObject("""
                SELECT convert_from(payload, 'UTF8') FROM event_store.domain_event_entry
                WHERE aggregate_identifier = ? AND sequence_number = 0""", String.class, id);
        assertThat(payload).contains("\"dueDate\":\"2016-10-31\"").contains("朱小丹");

        // every event is on the measure's hash chain, recomputable from its row alone
        List<EventChain.StoredEvent> stored = jdbc.query("""
                SELECT type, aggregate_identifier, sequence_number, event_identifier, time_stamp, payload_type,
                       payload_revision, payload, meta_data
                FROM event_store.domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""",
                (rs, row) -> new EventChain.StoredEvent(rs.getString(1), rs.getString(2), rs.getLong(3),
                                                        rs.getString(4), rs.getString(5), rs.getString(6),
                                                        rs.getString(7), rs.getBytes(8), rs.getBytes(9)), id);
        String previous = EventChain.GENESIS;
        for (EventChain.StoredEvent event : stored) {
            String hash = EventChain.hash(previous, event);
            assertThat(EventChain.storedHash(event.metadata())).as("hash of event %d", event.sequence()).isEqualTo(hash);
            previous = hash;
        }

        // closed out: every further command is refused and names the state
        var refused = office.post("/api/v1/measures/" + id + "/escalations", """
                {"reason":"MANUAL"}""");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("currentStatus").asText()).isEqualTo("VERIFIED");
        assertThat(refused.json().get("allowedCommands")).isEmpty();
        assertThat(eventStore.readEvents(id).asStream().count()).isEqualTo(9);
    }

    private static void expectVersion(ApiClient.Response response, long version) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("version").asLong()).isEqualTo(version);
        assertThat(response.header("ETag")).isEqualTo("\"" + version + "\"");
    }
}
