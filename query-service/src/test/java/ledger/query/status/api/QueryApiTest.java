package ledger.query.status.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.ProgressReported;
import ledger.query.status.MeasureStatusProjection;
import ledger.query.support.QueryServiceTest;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The query REST API over a small plan: lists, filters, paging, sorting, dashboards, errors. */
class QueryApiTest extends QueryServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2016-02-01T08:00:00Z");

    @Autowired
    private MeasureStatusProjection projection;

    private String planId;

    /**
     * Four measures assigned on 2016-02-01: 1 verified, 2 in progress at 50 % and escalated,
     * 3 assigned and due 2016-06-30 (overdue on {@link #TODAY}, 2016-09-01), 4 with its plan
     * submitted. On that day 78 % of the time to 2016-10-31 is gone: 2 and 4 are behind schedule.
     */
    @BeforeEach
    void aSmallPlan() {
        planId = freshPlanId();
        assign(1, List.of("朱小丹"), List.of("省府办公厅"), LocalDate.of(2016, 10, 31));
        assign(2, List.of("朱小丹", "李锋"), List.of("省府办公厅", "省财政厅"), LocalDate.of(2016, 10, 31));
        assign(3, List.of("李锋"), List.of("省财政厅"), LocalDate.of(2016, 6, 30));
        assign(4, List.of("李锋"), List.of("省编办"), LocalDate.of(2016, 10, 31));
        String m1 = planId + "-1";
        projection.on(new ImplementationPlanSubmitted(m1, "方案", List.of(), List.of()), 1, T0, null);
        projection.on(new ProgressReported(m1, 100, "完成", List.of(), null), 2, T0, null);
        projection.on(new MeasureVerified(m1, "通过"), 3, T0, null);
        String m2 = planId + "-2";
        projection.on(new ImplementationPlanSubmitted(m2, "方案", List.of(), List.of()), 1, T0, null);
        projection.on(new ProgressReported(m2, 50, "一半", List.of(), null), 2, T0, null);
        projection.on(new MeasureEscalated(m2, 1, EscalationReason.MANUAL, null), 3, T0, null);
        projection.on(new ImplementationPlanSubmitted(planId + "-4", "方案", List.of(), List.of()), 1, T0, null);
    }

    private void assign(int number, List<String> leaders, List<String> units, LocalDate due) {
        projection.on(new MeasureAssigned(planId + "-" + number, planId, number <= 2 ? 1 : 2, "第" + (number <= 2 ? 1 : 2)
                + "部分", number, "措施" + number, null, leaders, units, due, null, null), 0, T0, null);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                           .header("Authorization", "Bearer " + TestTokens.token("auditor-1", "AUDITOR", null))
                           .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("measureId").asText()));
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aPlanIsListedByNumberByDefault() throws Exception {
        JsonNode page = ok("/api/v1/measures?planId=" + planId);
        assertThat(ids(page)).containsExactly(planId + "-1", planId + "-2", planId + "-3", planId + "-4");
        assertThat(page.get("totalItems").asLong()).isEqualTo(4);
    }

    @Test
    void pagesAndSorting() throws Exception {
        JsonNode second = ok("/api/v1/measures?planId=" + planId + "&size=3&page=1");
        assertThat(ids(second)).containsExactly(planId + "-4");
        assertThat(second.get("totalPages").asInt()).isEqualTo(2);
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&sort=-number")))
                .containsExactly(planId + "-4", planId + "-3", planId + "-2", planId + "-1");
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&sort=dueDate,-number")))
                .containsExactly(planId + "-3", planId + "-4", planId + "-2", planId + "-1");
    }

    @Test
    void filters() throws Exception {
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&status=IN_PROGRESS")))
                .containsExactly(planId + "-2");
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&leader=" + encode("朱小丹"))))
                .containsExactly(planId + "-1", planId + "-2");
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&unit=" + encode("省财政厅"))))
                .containsExactly(planId + "-2", planId + "-3");
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&urgency=NONE"))).containsExactly(planId + "-1");
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&urgency=RED"))).containsExactly(planId + "-3");
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&urgency=YELLOW")))
                .containsExactly(planId + "-2", planId + "-4");
        assertThat(ids(ok("/api/v1/measures?planId=" + planId + "&urgency=BLUE"))).isEmpty();
    }

    @Test
    void oneMeasure() throws Exception {
        JsonNode view = ok("/api/v1/measures/" + planId + "-2");
        assertThat(view.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(view.get("percentComplete").asInt()).isEqualTo(50);
        assertThat(view.get("escalationLevel").asInt()).isEqualTo(1);
        assertThat(view.get("dueDate").asText()).isEqualTo("2016-10-31");
        assertThat(view.get("version").asLong()).isEqualTo(3);
        assertThat(view.get("urgency").asText()).isEqualTo("YELLOW");   // 50 % done, 78 % of the time gone
        assertThat(view.get("assignedOn").asText()).isEqualTo("2016-02-01");
        assertThat(view.get("leadUnits")).extracting(JsonNode::asText).containsExactly("省府办公厅", "省财政厅");
        assertThat(view.get("lastChangedAt").asText()).isEqualTo("2016-02-01T08:00:00Z");
    }

    @Test
    void theSummaryCountsByStatusAndSection() throws Exception {
        JsonNode summary = ok("/api/v1/dashboard/summary?planId=" + planId);
        JsonNode totals = summary.get("totals");
        assertThat(totals.get("total").asLong()).isEqualTo(4);
        assertThat(totals.get("byStatus").get("VERIFIED").asLong()).isEqualTo(1);
        assertThat(totals.get("byStatus").get("IN_PROGRESS").asLong()).isEqualTo(1);
        assertThat(totals.get("byStatus").get("PLAN_SUBMITTED").asLong()).isEqualTo(1);
        assertThat(totals.get("byStatus").get("ASSIGNED").asLong()).isEqualTo(1);
        assertThat(totals.get("byUrgency").get("NONE").asLong()).isEqualTo(1);
        assertThat(totals.get("byUrgency").get("YELLOW").asLong()).isEqualTo(2);
        assertThat(totals.get("byUrgency").get("RED").asLong()).isEqualTo(1);
        assertThat(totals.get("byUrgency").get("BLUE").asLong()).isZero();
        assertThat(totals.get("overdue").asLong()).isEqualTo(1);
        assertThat(totals.get("escalated").asLong()).isEqualTo(1);
        assertThat(totals.get("meanCompletion").asDouble()).isEqualTo(37.5);
        assertThat(summary.get("bySection")).hasSize(2);
        assertThat(summary.get("bySection").get(0).get("name").asText()).isEqualTo("1 第1部分");
        assertThat(summary.get("bySection").get(0).get("total").asLong()).isEqualTo(2);
    }

    @Test
    void theUnitsDashboardHasOneRowPerLeadUnit() throws Exception {
        JsonNode rows = ok("/api/v1/dashboard/units?planId=" + planId).get("rows");
        assertThat(rows).extracting(r -> r.get("name").asText())
                        .containsExactlyInAnyOrder("省府办公厅", "省财政厅", "省编办");
        for (JsonNode row : rows) {
            switch (row.get("name").asText()) {
                case "省府办公厅" -> assertThat(row.get("total").asLong()).isEqualTo(2);
                case "省财政厅" -> {
                    assertThat(row.get("total").asLong()).isEqualTo(2);
                    assertThat(row.get("overdue").asLong()).isEqualTo(1);
                }
                default -> assertThat(row.get("total").asLong()).isEqualTo(1);
            }
        }
    }

    @Test
    void theLeadersDashboardHasOneRowPerLeader() throws Exception {
        JsonNode rows = ok("/api/v1/dashboard/leaders?planId=" + planId).get("rows");
        assertThat(rows).extracting(r -> r.get("name").asText() + "=" + r.get("total").asLong())
                        .containsExactlyInAnyOrder("朱小丹=2", "李锋=3");
    }

    @Test
    void anUnknownMeasureIs404() throws Exception {
        for (String path : List.of("/api/v1/measures/nope-1", "/api/v1/measures/nope-1/history")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("urn:ledger:problem:unknown-measure");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=-1", "page=abc", "size=0", "size=201", "size=1.5", "status=DONE", "urgency=PURPLE",
            "sort=title", "sort=-", "planId=" + "%27%3B"})
    void badPagingOrFilterValuesAre400(String parameter) throws Exception {
        String path = parameter.startsWith("planId") ? "/api/v1/dashboard/summary?" : "/api/v1/measures?";
        HttpResponse<String> response = get(path + parameter);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asText())
                .isEqualTo(parameter.substring(0, parameter.indexOf('=')));
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/measures/a%2Fb", "/api/v1/measures/a%00b", "/api/v1/measures/a%5Cb/history",
            "/api/v1/measures/%2e%2e/history", "/api/v1/measures?planId=%00", "/api/v1/measures?unit=%00",
            "/api/v1/dashboard/units?planId=%00", "/api/v1/audit/verify?measureId=%00"})
    void aUrlWithAnEncodedSlashOrNulIsAProblemNotAPage(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(400);
    }

    @Test
    void textWithNulInAnEventIsShownMarkedNotRefused() throws Exception {
        String id = planId + "-5";
        projection.on(new MeasureAssigned(id, planId, 2, "第2\u0000部分", 5, "措施\u0000五", null,
                                          List.of("李\u0000锋"), List.of("省编办"), LocalDate.of(2016, 10, 31), null,
                                          null), 0, T0, null);
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(new ledger.messages.measure.Milestone(
                "里程碑\u0000", LocalDate.of(2016, 6, 30))), List.of()), 1, T0, null);
        JsonNode view = JSON.readTree(get("/api/v1/measures/" + id).body());
        assertThat(view.get("title").asText()).isEqualTo("措施\uFFFD五");
        assertThat(view.get("sectionTitle").asText()).isEqualTo("第2\uFFFD部分");
        assertThat(view.get("leaders").get(0).asText()).isEqualTo("李\uFFFD锋");
        assertThat(view.get("milestones").get(0).get("title").asText()).isEqualTo("里程碑\uFFFD");
    }
}
