package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path: commands over HTTP to command-service, events in PostgreSQL, projections in
 * query-service, and the query API showing the result.
 */
class CommandToQueryTest {

    private static LedgerUnderTest ledger;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }


    private static String assign(String planId, int number, String units) {
        return """
               {"planId":"%s","section":%d,"sectionTitle":"第%d部分","number":%d,"title":"措施%d",
                "leaders":["朱小丹"],"leadUnits":[%s],"dueDate":"2016-10-31"}"""
                .formatted(planId, number, number, number, number, units);
    }

    @Test
    void aBatchOfCommandsIsCommittedTogetherAndEachShowsInTheViewsAndTheChain() {
        String planId = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        ledger.registerPlan(planId);
        StringBuilder assignments = new StringBuilder("[");
        for (int n = 1; n <= 12; n++) {
            assignments.append(n > 1 ? "," : "").append("{\"command\":\"assign\",\"body\":")
                       .append(assign(planId, n, "\"省府办公厅\"")).append('}');
        }
        var assigned = ledger.command("/api/v1/commands", assignments.append(']').toString(), "office-1",
                                      "SUPERVISOR");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("done").asInt()).isEqualTo(12);
        StringBuilder plans = new StringBuilder("[");
        for (int n = 1; n <= 12; n++) {
            plans.append(n > 1 ? "," : "").append("{\"command\":\"plan\",\"measureId\":\"").append(planId)
                 .append('-').append(n).append("\",\"idempotencyKey\":\"").append(planId).append("-plan-").append(n)
                 .append("\",\"body\":{\"summary\":\"倒排工期\"}}");
        }
        var submitted = ledger.command("/api/v1/commands", plans.append(']').toString(), "clerk-1", "UNIT");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        submitted.json().get("items").forEach(item -> assertThat(item.get("version").asLong()).isEqualTo(1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var page = ledger.query("/api/v1/measures?planId=" + planId + "&size=50");
            assertThat(page.status()).isEqualTo(200);
            List<String> statuses = new ArrayList<>();
            page.json().get("items").forEach(m -> statuses.add(m.get("status").asText() + "@" + m.get("version")));
            assertThat(statuses).hasSize(12).containsOnly("PLAN_SUBMITTED@1");
        });
        for (int n = 1; n <= 12; n += 11) {
            var chain = ledger.query("/api/v1/audit/verify?measureId=" + planId + "-" + n);
            assertThat(chain.json().get("intact").asBoolean()).as(chain.body()).isTrue();
        }
    }

    @Test
    void whatIsCommandedShowsInTheStatusViewHistoryAndDashboards() {
        String planId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String first = planId + "-1";
        String second = planId + "-2";
        ledger.registerPlan(planId);
        created(ledger.command("/api/v1/measures", assign(planId, 1, "\"省府办公厅\""), "office-1", "SUPERVISOR"));
        created(ledger.command("/api/v1/measures", assign(planId, 2, "\"省府办公厅\",\"省财政厅\""), "office-1",
                                "SUPERVISOR"));
        done(ledger.command("/api/v1/measures/" + first + "/plan", "{\"summary\":\"倒排工期\"}", "clerk-1", "UNIT"));
        done(ledger.command("/api/v1/measures/" + first + "/progress",
                                "{\"percentComplete\":60,\"summary\":\"过半\"}", "clerk-1", "UNIT"));
        done(ledger.command("/api/v1/measures/" + second + "/escalations", "{\"reason\":\"MANUAL\"}", "office-1",
                                "SUPERVISOR"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var view = ledger.query("/api/v1/measures/" + first);
            assertThat(view.status()).isEqualTo(200);
            assertThat(view.json().get("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(view.json().get("percentComplete").asInt()).isEqualTo(60);
            assertThat(view.json().get("version").asLong()).isEqualTo(2);
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var history = ledger.query("/api/v1/measures/" + first + "/history");
            assertThat(history.status()).isEqualTo(200);
            List<String> types = new ArrayList<>();
            history.json().get("events").forEach(e -> types.add(e.get("sequence").asLong() + ":" + e.get("type").asText()));
            assertThat(types).containsExactly("0:MeasureAssigned", "1:ImplementationPlanSubmitted", "2:ProgressReported");
            JsonNode progress = history.json().get("events").get(2);
            assertThat(progress.get("actor").get("id").asText()).isEqualTo("clerk-1");
            assertThat(progress.get("actor").get("role").asText()).isEqualTo("UNIT");
            assertThat(progress.get("payload").get("percentComplete").asInt()).isEqualTo(60);
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode totals = ledger.query("/api/v1/dashboard/summary?planId=" + planId).json().get("totals");
            assertThat(totals.get("total").asLong()).isEqualTo(2);
            assertThat(totals.get("byStatus").get("IN_PROGRESS").asLong()).isEqualTo(1);
            assertThat(totals.get("byStatus").get("ASSIGNED").asLong()).isEqualTo(1);
            assertThat(totals.get("escalated").asLong()).isEqualTo(1);
            assertThat(totals.get("meanCompletion").asDouble()).isEqualTo(30.0);
        });

        JsonNode units = ledger.query("/api/v1/dashboard/units?planId=" + planId).json().get("rows");
        assertThat(units).extracting(r -> r.get("name").asText() + "=" + r.get("total").asLong())
                         .containsExactly("省政府办公厅=2", "省财政厅=1");   // 省府办公厅 under its canonical name

        // closing out shows as well
        done(ledger.command("/api/v1/measures/" + first + "/progress",
                                "{\"percentComplete\":100,\"summary\":\"完成\"}", "clerk-1", "UNIT"));
        done(ledger.command("/api/v1/measures/" + first + "/verification", "{\"verdict\":\"PASSED\"}", "office-1",
                                "SUPERVISOR"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode page = ledger.query("/api/v1/measures?planId=" + planId + "&status=VERIFIED").json();
            assertThat(page.get("totalItems").asLong()).isEqualTo(1);
            assertThat(page.get("items").get(0).get("measureId").asText()).isEqualTo(first);
        });
        // the summary read above is not served again once the view has moved on
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode totals = ledger.query("/api/v1/dashboard/summary?planId=" + planId).json().get("totals");
            assertThat(totals.get("byStatus").get("VERIFIED").asLong()).isEqualTo(1);
            assertThat(totals.get("meanCompletion").asDouble()).isEqualTo(50.0);
        });
    }
}
