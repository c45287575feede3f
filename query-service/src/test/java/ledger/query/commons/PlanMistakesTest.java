package ledger.query.commons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.measure.MeasureAssigned;
import ledger.query.status.MeasureStatusProjection;
import ledger.query.support.QueryServiceTest;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan id that names no plan is a 404 problem on every plan-scoped read, not an empty answer
 * that reads as "all done"; a plan id in another form (upper case) is a 400 naming the form.
 */
class PlanMistakesTest extends QueryServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every read scoped to a plan, with {plan} where its id goes. */
    private static final List<String> PLAN_READS = List.of(
            "/api/v1/dashboard/summary?planId={plan}", "/api/v1/dashboard/units?planId={plan}",
            "/api/v1/dashboard/leaders?planId={plan}", "/api/v1/measures?planId={plan}",
            "/api/v1/stream?planId={plan}", "/api/v1/plans/{plan}/status", "/api/v1/plans/{plan}/bulletin",
            "/api/v1/plans/{plan}/register");

    @Autowired
    private MeasureStatusProjection projection;

    private HttpResponse<String> get(String path, String token, String accept) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                           .header("Authorization", "Bearer " + token).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String supervisor() {
        return TestTokens.token("office-1", "SUPERVISOR", null);
    }

    @Test
    void anUnknownPlanIs404OnEveryPlanScopedRead() throws Exception {
        String unknown = freshPlanId();
        for (String read : PLAN_READS) {
            String accept = read.contains("stream") ? "text/event-stream" : "application/json";
            JsonNode problem = problem(get(read.replace("{plan}", unknown), supervisor(), accept), 404, "unknown-plan");
            assertThat(problem.get("detail").asText()).as(read).contains("no plan '" + unknown + "'");
        }
    }

    @Test
    void anUpperCasePlanIdIs400NamingTheLowerCaseForm() throws Exception {
        for (String read : PLAN_READS) {
            String accept = read.contains("stream") ? "text/event-stream" : "application/json";
            JsonNode problem = problem(get(read.replace("{plan}", "GD-2016"), supervisor(), accept), 400, "validation");
            assertThat(problem.get("detail").asText()).as(read).isEqualTo(
                    "planId: must be a plan id: lower-case letters, digits and inner '-', at most 64, such as gd-2016"
                    + " (ids are lower case: gd-2016)");
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("planId");
        }
    }

    @Test
    void aPlanWithAMeasureInTheViewIsKnown() throws Exception {
        String plan = freshPlanId();
        projection.on(new MeasureAssigned(plan + "-1", plan, 1, "第1部分", 1, "措施1", null, List.of("李锋"),
                                          List.of("省财政厅"), LocalDate.of(2016, 10, 31), null, null),
                      0, Instant.parse("2016-02-01T08:00:00Z"), null);
        HttpResponse<String> units = get("/api/v1/dashboard/units?planId=" + plan, supervisor(), "application/json");
        assertThat(units.statusCode()).as(units.body()).isEqualTo(200);
        assertThat(JSON.readTree(units.body()).get("rows").get(0).get("name").asText()).isEqualTo("省财政厅");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUPERVISOR", "AUDITOR"})
    void theOfficeAndTheAuditorsReadAMeasuresHistory(String role) throws Exception {
        // past the role rules: an unknown measure's history is its 404, not a 403
        problem(get("/api/v1/measures/nope-1/history", TestTokens.token("someone", role, null), "application/json"),
                404, "unknown-measure");
    }

    @Test
    void aReaderDoesNotReadAMeasuresHistory() throws Exception {
        HttpResponse<String> response = get("/api/v1/measures/nope-1/history",
                                            TestTokens.token("reader", "READER", null), "application/json");
        assertThat(response.statusCode()).isEqualTo(403);
    }
}
