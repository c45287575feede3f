package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replaying every projection rebuilds every view exactly as it was; meanwhile query-service is not ready. */
class ReplayTest {

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

    /** The rows, with arrays read as lists (the driver's array objects do not compare by value). */
    private static List<Map<String, Object>> statusView() {
        return database.query("SELECT * FROM query_view.measure_status ORDER BY measure_id", (rs, n) -> {
            Map<String, Object> row = new java.util.TreeMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = rs.getObject(i);
                row.put(rs.getMetaData().getColumnName(i),
                        value instanceof java.sql.Array array ? List.of((Object[]) array.getArray()) : value);
            }
            return row;
        });
    }

    private static List<Map<String, Object>> auditTrail() {
        return database.queryForList("SELECT * FROM query_view.audit_trail ORDER BY global_position");
    }

    private static boolean caughtUp(JsonNode projections) {
        for (JsonNode projection : projections) {
            if (projection.get("replaying").asBoolean() || projection.get("lag").asLong() > 0
                || !projection.get("running").asBoolean()) {
                return false;
            }
        }
        return projections.size() == 2;
    }

    @Test
    void everyViewIsRebuiltRowForRow() {
        String planId = ledger.registerPlan("replay-" + UUID.randomUUID().toString().substring(0, 8));
        for (int number = 1; number <= 12; number++) {
            String id = planId + "-" + number;
            ledger.command("/api/v1/measures", """
                    {"planId":"%s","section":%d,"number":%d,"title":"措施%d","leaders":["朱小丹","李锋"],
                     "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId, 1 + number % 3, number,
                                                                                   number), "office-1", "SUPERVISOR");
            ledger.command("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT");
            ledger.command("/api/v1/measures/" + id + "/progress",
                           "{\"percentComplete\":" + (number * 8) + ",\"summary\":\"进展\"}", "clerk-1", "UNIT");
            if (number % 4 == 0) {
                ledger.command("/api/v1/measures/" + id + "/escalations", "{\"reason\":\"OVERDUE\"}", "office-1",
                               "SUPERVISOR");
            }
        }
        await().atMost(Duration.ofSeconds(60))
               .until(() -> caughtUp(ledger.adminGet("/api/v1/admin/projections").json()));
        var statusBefore = statusView();
        var auditBefore = auditTrail();
        assertThat(statusBefore).hasSizeGreaterThanOrEqualTo(12);

        // damage both views: only a rebuild from the event store can bring them back
        database.update("UPDATE query_view.measure_status SET percent_complete = 0, status = 'ASSIGNED'");
        database.update("DELETE FROM query_view.audit_trail WHERE global_position % 2 = 0");

        var replay = ledger.admin("/api/v1/admin/projections/replay");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        // while the views are rebuilt the node is not ready (load balancers send reads elsewhere), yet alive
        var readiness = ledger.request(false, "GET", "/actuator/health/readiness", null, null);
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(503);
        assertThat(readiness.json().path("status").asText()).isEqualTo("REBUILDING");
        assertThat(ledger.request(false, "GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
        assertThat(ledger.health().status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
               .until(() -> caughtUp(ledger.adminGet("/api/v1/admin/projections").json()));
        await().atMost(Duration.ofSeconds(10)).until(
                () -> ledger.request(false, "GET", "/actuator/health/readiness", null, null).status() == 200);
        assertThat(statusView()).isEqualTo(statusBefore);
        assertThat(auditTrail()).isEqualTo(auditBefore);

        // the views carry on from where the rebuild stopped
        String first = planId + "-1";
        ledger.command("/api/v1/measures/" + first + "/progress", "{\"percentComplete\":99,\"summary\":\"进展\"}",
                       "clerk-1", "UNIT");
        await().atMost(Duration.ofSeconds(30)).until(() -> database.queryForObject(
                "SELECT percent_complete FROM query_view.measure_status WHERE measure_id = ?", Integer.class, first) == 99);
        assertThat(database.queryForObject("SELECT count(*) FROM query_view.audit_trail WHERE measure_id = ?",
                                           Integer.class, first)).isEqualTo(4);

        assertThat(ledger.admin("/api/v1/admin/projections/no-such-view/replay").status()).isEqualTo(404);
    }
}
