package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.messages.Actor;
import ledger.messages.ActorRole;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.SubmitImplementationPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event the command API would refuse today may be in a ledger already: text with NUL in it.
 * Every view must get past it, without touching the event: the views mark the NUL, the store and
 * the audit API keep it, the chain still verifies, and a full rebuild gets past it too. And a view
 * that does stop advancing shows in health and in the admin status.
 */
class PoisonEventTest {

    private static final String NUL = "\u0000";
    private static final Actor SUPERVISOR = new Actor("office-1", ActorRole.SUPERVISOR, null);
    private static final Actor UNIT = new Actor("clerk-1", ActorRole.UNIT, "省政府办公厅");

    private static LedgerUnderTest ledger;
    private static JdbcTemplate database;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
        database = ledger.database();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private static String assignedMeasure(String prefix) {
        String planId = ledger.registerPlan(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        var assigned = ledger.command("/api/v1/measures", """
                {"planId":"%s","section":1,"number":1,"title":"措施","leaders":["朱小丹"],"leadUnits":["省府办公厅"],
                 "dueDate":"2016-10-31"}""".formatted(planId), "office-1", "SUPERVISOR");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);
        return planId + "-1";
    }

    private static long storedEventsOf(String measureId) {
        return database.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?",
                                       Long.class, measureId);
    }

    private static boolean bothViewsHave(String measureId, long events) {
        Long version = database.query("SELECT version FROM query_view.measure_status WHERE measure_id = ?",
                                      rs -> rs.next() ? rs.getLong(1) : null, measureId);
        Long rows = database.queryForObject("SELECT count(*) FROM query_view.audit_trail WHERE measure_id = ?",
                                            Long.class, measureId);
        return version != null && version == events - 1 && rows == events;
    }

    private static JsonNode projections() {
        return ledger.adminGet("/api/v1/admin/projections").json();
    }

    @Test
    void eventsWithNulInTheirTextPassThroughEveryViewAndARebuildUntouchedInTheStore() {
        String id = assignedMeasure("nul");
        // sent as a JVM client would, past the HTTP checks that refuse it now
        ledger.send(new SubmitImplementationPlan(id, "方案" + NUL, List.of(new Milestone("里程碑" + NUL + "一",
                LocalDate.of(2016, 6, 30))), List.of("张" + NUL + "三"), null), UNIT);
        ledger.send(new ReportProgress(id, 40, "进展" + NUL, List.of("证据" + NUL), "里程碑" + NUL + "一", null), UNIT);
        ledger.send(new EscalateMeasure(id, EscalationReason.MANUAL, "拖延" + NUL + "原因", null), SUPERVISOR);
        // and an ordinary command after them
        assertThat(ledger.command("/api/v1/measures/" + id + "/progress", "{\"percentComplete\":60,\"summary\":\"过半\"}",
                                  "clerk-1", "UNIT").status()).isEqualTo(200);
        assertThat(storedEventsOf(id)).isEqualTo(5);

        await().atMost(Duration.ofSeconds(30)).until(() -> bothViewsHave(id, 5));
        assertViewsMarkTheNul(id);
        assertTheStoreKeepsTheNul(id);

        var replay = ledger.admin("/api/v1/admin/projections/replay");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode all = projections();
            for (JsonNode projection : all) {
                if (!projection.get("state").asText().equals("running") || projection.get("lag").asLong() > 0) {
                    return false;
                }
            }
            return all.size() == 2;
        });
        assertThat(bothViewsHave(id, 5)).isTrue();
        assertViewsMarkTheNul(id);
        assertTheStoreKeepsTheNul(id);
    }

    private static void assertViewsMarkTheNul(String id) {
        assertThat(database.queryForObject("SELECT milestones::text FROM query_view.measure_status WHERE measure_id = ?",
                                           String.class, id)).contains("里程碑\uFFFD一");
        assertThat(database.queryForObject("SELECT milestones_met[1] FROM query_view.measure_status WHERE measure_id = ?",
                                           String.class, id)).isEqualTo("里程碑\uFFFD一");
        assertThat(database.queryForObject("""
                SELECT payload ->> 'notes' FROM query_view.audit_trail
                WHERE measure_id = ? AND event_type = 'MeasureEscalated'""", String.class, id)).isEqualTo("拖延\uFFFD原因");
        JsonNode history = ledger.query("/api/v1/measures/" + id + "/history").json();
        assertThat(history.toString()).contains("拖延\uFFFD原因").contains("张\uFFFD三");
    }

    private static void assertTheStoreKeepsTheNul(String id) {
        assertThat(database.queryForObject("""
                SELECT count(*) FROM event_store.domain_event_entry
                WHERE aggregate_identifier = ? AND position('\\u0000' in convert_from(payload, 'UTF8')) > 0""",
                                           Long.class, id)).isEqualTo(3);
        JsonNode events = ledger.query("/api/v1/audit/events?limit=10000").json().get("events");
        boolean served = false;
        for (JsonNode event : events) {
            if (event.get("aggregateId").asText().equals(id) && event.get("type").asText().equals("MeasureEscalated")) {
                assertThat(event.get("payload").get("notes").asText()).isEqualTo("拖延" + NUL + "原因");
                served = true;
            }
        }
        assertThat(served).as("the escalation served by /audit/events").isTrue();
        JsonNode verification = ledger.query("/api/v1/audit/verify?measureId=" + id).json();
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("eventsChecked").asLong()).isEqualTo(5);
    }

    @Test
    void aViewThatStopsAdvancingShowsInHealthAndTheAdminStatus() {
        String id = assignedMeasure("stall");
        await().atMost(Duration.ofSeconds(30)).until(() -> bothViewsHave(id, 1));
        assertThat(ledger.health().status()).isEqualTo(200);
        // a fault no code path can mend: the database refuses this measure's audit rows
        database.execute("""
                CREATE FUNCTION query_view.refuse_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit rows of % refused by the test', NEW.measure_id; END $$""");
        database.execute("CREATE TRIGGER refuse_audit_row BEFORE INSERT ON query_view.audit_trail FOR EACH ROW"
                         + " WHEN (NEW.measure_id = '" + id + "') EXECUTE FUNCTION query_view.refuse_audit_row()");
        try {
            assertThat(ledger.command("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT")
                             .status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode audit = projection("audit-trail");
                assertThat(audit.get("state").asText()).isEqualTo("error");
                assertThat(audit.get("error").asText()).contains("refused by the test");
                assertThat(audit.get("lag").asLong()).isPositive();
                assertThat(projection("measure-status").get("state").asText()).isEqualTo("running");
                var health = ledger.health();
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
                JsonNode views = health.json().get("components").get("projections").get("components");
                assertThat(views.get("audit-trail").get("status").asText()).isEqualTo("DOWN");
                assertThat(views.get("measure-status").get("status").asText()).isEqualTo("UP");
            });
        } finally {
            database.execute("DROP TRIGGER refuse_audit_row ON query_view.audit_trail");
            database.execute("DROP FUNCTION query_view.refuse_audit_row()");
        }
        // the fault mended, the processor's retry gets through, and health says so
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(bothViewsHave(id, 2)).isTrue();
            JsonNode audit = projection("audit-trail");
            assertThat(audit.get("state").asText()).isEqualTo("running");
            assertThat(audit.path("error").isNull() || audit.path("error").isMissingNode()).isTrue();
            assertThat(ledger.health().status()).isEqualTo(200);
        });
    }

    private static JsonNode projection(String name) {
        for (JsonNode projection : projections()) {
            if (projection.get("name").asText().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name);
    }
}
