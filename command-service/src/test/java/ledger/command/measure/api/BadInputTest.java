package ledger.command.measure.api;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 4xx problem+json and leaves nothing written: each case counts the stored
 * events before and after.
 */
class BadInputTest extends LedgerApiTest {

    private ApiClient office;
    private ApiClient unit;
    private String id;

    @BeforeEach
    void aMeasureWithItsPlan() {
        office = supervisor();
        unit = unit("省府办公厅");
        String planId = registeredPlanId();
        id = planId + "-1";
        assertThat(office.post("/api/v1/measures", assignBody(planId, 1)).status()).isEqualTo(201);
    }

    private String path(String command) {
        return "/api/v1/measures/" + id + "/" + command;
    }

    /** Sends the request and asserts the problem, and that no event was appended. */
    private JsonNode refused(int status, String type, java.util.function.Supplier<ApiClient.Response> request) {
        long before = storedEvents();
        ApiClient.Response response = request.get();
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:ledger:problem:" + type);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(storedEvents()).as("events stored").isEqualTo(before);
        return problem;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        for (Iterator<JsonNode> it = problem.get("errors").elements(); it.hasNext(); ) {
            fields.add(it.next().get("field").asText());
        }
        return fields;
    }

    @Test
    void malformedJsonSaysWhere() {
        refused(400, "malformed-body", () -> unit.post(path("plan"), "{\"summary\": \"方案\","));
        JsonNode problem = refused(400, "malformed-body", () -> unit.post(path("plan"), """
                {
                  "summary": "方案"
                  "milestones": []
                }"""));
        assertThat(problem.get("detail").asText())
                .isEqualTo("the body is not well-formed JSON at line 3, column 3; nothing was written");
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("column").asInt()).isEqualTo(3);
    }

    @Test
    void wrongTypes() {
        JsonNode problem = refused(400, "validation", () -> unit.post(path("plan"), """
                {"summary":"方案","milestones":[{"title":"清理","dueDate":"next spring"}]}"""));
        assertThat(fields(problem)).containsExactly("milestones[0].dueDate");

        refused(400, "validation", () -> office.post("/api/v1/measures", """
                {"planId":"p","section":"one","number":1,"title":"t","leaders":["a"],"leadUnits":["b"],
                 "dueDate":"2016-10-31"}"""));
        refused(400, "validation", () -> office.post(path("verification"), """
                {"verdict":"MAYBE"}"""));
    }

    @Test
    void aPlanIdInUpperCaseIsRefusedNamingTheForm() {
        JsonNode problem = refused(400, "validation", () -> office.post("/api/v1/measures", assignBody("GD-2016", 1)));
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("planId");
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo(
                "must be a plan id: lower-case letters, digits and inner '-', at most 64, such as gd-2016");
    }

    @Test
    void aDateTimeIsNotADate() {
        JsonNode problem = refused(400, "validation", () -> unit.post(path("plan"), """
                {"summary":"方案","milestones":[{"title":"清理","dueDate":"2016-06-30T00:00:00"}]}"""));
        assertThat(fields(problem)).containsExactly("milestones[0].dueDate");
        problem = refused(400, "validation", () -> office.post("/api/v1/measures", """
                {"planId":"p","section":1,"number":1,"title":"t","leaders":["a"],"leadUnits":["b"],
                 "dueDate":"2016-10-31T00:00:00Z"}"""));
        assertThat(fields(problem)).containsExactly("dueDate");
    }

    @ParameterizedTest
    @MethodSource("malformedKeys")
    void anImportWithAMalformedIdempotencyKeyIsRefused(String key) {
        JsonNode problem = refused(400, "invalid-header", () -> office.post("/api/v1/plans/import", """
                {"planId":"%s","title":"测试方案","deadline":"2016-10-31",
                 "measures":[{"section":1,"number":1,"title":"甲","leaders":["朱小丹"],"leadUnits":["省府办公厅"]}]}"""
                .formatted(freshPlanId()), "Idempotency-Key", key));
        assertThat(fields(problem)).containsExactly("Idempotency-Key");
    }

    static Stream<String> malformedKeys() {
        return Stream.of("", "with space", "k".repeat(256));
    }

    @Test
    void aNumberAsTextIsAWrongTypeNotACoercion() {
        submitPlan();
        JsonNode problem = refused(400, "validation", () -> unit.post(path("progress"), """
                {"percentComplete":"50","summary":"进展"}"""));
        assertThat(fields(problem)).containsExactly("percentComplete");
    }

    @Test
    void missingFields() {
        JsonNode problem = refused(400, "validation", () -> office.post("/api/v1/measures", """
                {"planId":"gd","section":1,"number":2,"title":"t"}"""));
        assertThat(fields(problem)).contains("leaders", "leadUnits", "dueDate");

        submitPlan();
        problem = refused(400, "validation", () -> unit.post(path("progress"), "{}"));
        assertThat(fields(problem)).containsExactlyInAnyOrder("percentComplete", "summary");
    }

    @Test
    void unknownFieldsAreRefused() {
        JsonNode problem = refused(400, "validation", () -> unit.post(path("plan"), """
                {"summary":"方案","actorId":"someone-else"}"""));
        assertThat(fields(problem)).containsExactly("actorId");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void percentOutsideZeroToHundred(int percent) {
        submitPlan();
        JsonNode problem = refused(400, "validation", () -> unit.post(path("progress"), """
                {"percentComplete":%d,"summary":"进展"}""".formatted(percent)));
        assertThat(fields(problem)).containsExactly("percentComplete");
    }

    @Test
    void unknownMeasure() {
        refused(404, "unknown-measure", () -> unit.post("/api/v1/measures/no-such-plan-9/plan", """
                {"summary":"方案"}"""));
    }

    @Test
    void illegalTransitionNamesTheStateAndWhatIsAllowed() {
        JsonNode problem = refused(409, "not-allowed-in-state", () -> unit.post(path("progress"), """
                {"percentComplete":10,"summary":"进展"}"""));
        assertThat(problem.get("currentStatus").asText()).isEqualTo("ASSIGNED");
        assertThat(problem.get("allowedCommands")).extracting(JsonNode::asText)
                                                  .containsExactly("submitPlan", "escalate", "extendDueDate");
    }

    @Test
    void assigningTheSameMeasureTwice() {
        String planId = id.substring(0, id.lastIndexOf('-'));
        refused(409, "already-assigned", () -> office.post("/api/v1/measures", assignBody(planId, 1)));
    }

    @Test
    void staleIfMatch() {
        submitPlan();
        JsonNode problem = refused(412, "stale-version", () -> unit.post(path("progress"), """
                {"percentComplete":10,"summary":"进展"}""", "If-Match", "\"0\""));
        assertThat(problem.get("currentVersion").asLong()).isEqualTo(1);
    }

    @Test
    void malformedIfMatch() {
        refused(400, "invalid-header", () -> unit.post(path("plan"), """
                {"summary":"方案"}""", "If-Match", "version one"));
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstResultAndAppendsNothing() {
        String body = """
                {"summary":"方案"}""";
        var first = unit.post(path("plan"), body, "Idempotency-Key", "key-" + id);
        assertThat(first.status()).isEqualTo(200);
        long after = storedEvents();

        var retry = unit.post(path("plan"), body, "Idempotency-Key", "key-" + id);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(storedEvents()).isEqualTo(after);

        // the same key for another request is refused, not silently replayed
        refused(422, "idempotency-key-reused", () -> unit.post(path("plan"), """
                {"summary":"另一个方案"}""", "Idempotency-Key", "key-" + id));
        // and the key is stored with the event it produced
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM event_store.idempotency_key k JOIN event_store.domain_event_entry e
                  ON e.aggregate_identifier = k.measure_id AND e.sequence_number = k.version
                WHERE k.idempotency_key = ? AND convert_from(e.meta_data, 'UTF8') LIKE ?""",
                                       Long.class, "key-" + id, "%\"idempotencyKey\":\"key-" + id + "\"%"))
                .isEqualTo(1);
    }

    @Test
    void aRepeatedAssignmentWithItsKeyIsAnsweredAsTheFirst() {
        String planId = registeredPlanId();
        var first = office.post("/api/v1/measures", assignBody(planId, 7), "Idempotency-Key", "assign-" + planId);
        assertThat(first.status()).isEqualTo(201);
        long after = storedEvents();
        var retry = office.post("/api/v1/measures", assignBody(planId, 7), "Idempotency-Key", "assign-" + planId);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(storedEvents()).isEqualTo(after);
    }

    @Test
    void bodiesOverTheLimitAreRefusedWith413() {
        String big = "{\"summary\":\"" + "x".repeat(300 * 1024) + "\"}";
        refused(413, "body-too-large", () -> unit.post(path("plan"), big));

        // chunked: no Content-Length to refuse it by, the stream is cut while reading
        refused(413, "body-too-large", () -> unit.send(HttpRequest.newBuilder(URI.create(unit.baseUrl() + path("plan")))
                .header("Content-Type", "application/json")
                .headers(unit.defaultHeaders().entrySet().stream()
                             .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                             .toArray(String[]::new))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build()));
    }

    @Test
    void aRequestWithoutActorIsUnauthenticated() {
        refused(401, "unauthenticated", () -> anonymous().post(path("plan"), """
                {"summary":"方案"}"""));
    }

    @Test
    void aBodyThatIsNotJsonGetsTheProblemTypeTheDescriptionPromises() {
        JsonNode problem = refused(415, "unsupported-media-type",
                                   () -> unit.post(path("plan"), "summary=方案", "Content-Type", "text/plain"));
        assertThat(problem.get("detail").asText()).isEqualTo(
                "Content-Type 'text/plain' is not read here: send the body as application/json (header Content-Type:"
                + " application/json); nothing was written");
    }

    @Test
    void aBodyWithoutContentTypeIsToldToSendJson() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(unit.baseUrl() + path("plan")))
                                                 .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"方案\"}"));
        unit.defaultHeaders().forEach(request::header);
        JsonNode problem = refused(415, "unsupported-media-type", () -> unit.send(request.build()));
        assertThat(problem.get("detail").asText()).isEqualTo(
                "the request has no Content-Type: send the body as application/json (header Content-Type:"
                + " application/json); nothing was written");
    }

    /** A query sent to command-service's port: the answer names query-service and its port. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/measures/{id}", "/api/v1/measures/{id}/history", "/api/v1/measures",
            "/api/v1/dashboard/summary", "/api/v1/plans/gd-2016/status", "/"})
    void aQueryAtTheCommandPortIsSentToTheQueryService(String template) {
        String target = template.replace("{id}", id);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(office.baseUrl() + target)).GET();
        office.defaultHeaders().forEach(request::header);
        JsonNode problem = refused(404, "other-service", () -> office.send(request.build()));
        String port = System.getenv().getOrDefault("LEDGER_QUERY_PORT", "8081");
        assertThat(problem.get("detail").asText()).isEqualTo(
                "GET " + target + " is served by query-service, not command-service: send it to port " + port
                + " of the same host");
        assertThat(problem.get("service").asText()).isEqualTo("query-service");
    }

    @Test
    void aPathOfNeitherServiceIsNoSuchEndpoint() {
        JsonNode problem = refused(404, "no-such-endpoint", () -> office.post("/api/v1/measure", "{}"));
        assertThat(problem.get("detail").asText()).isEqualTo(
                "POST /api/v1/measure is not an endpoint of command-service; its endpoints are described at"
                + " /v3/api-docs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0007", "\\u001b", "\\u007f", "\\u0085", "\\ud800"})
    void controlCharactersAndLoneSurrogatesAreRefusedInEveryTextNamingTheField(String escape) {
        JsonNode problem = refused(400, "validation", () -> unit.post(path("plan"), """
                {"summary":"方案%s","milestones":[{"title":"清理%s","dueDate":"2016-06-30"}],
                 "responsiblePersons":["张%s"]}""".formatted(escape, escape, escape)));
        assertThat(fields(problem)).containsExactlyInAnyOrder("summary", "milestones[0].title",
                                                              "responsiblePersons[0]");
        problem = refused(400, "validation", () -> office.post(path("escalations"), """
                {"reason":"OVERDUE","notes":"拖延%s"}""".formatted(escape)));
        assertThat(fields(problem)).containsExactly("notes");
        problem = refused(400, "validation", () -> office.post("/api/v1/measures", """
                {"planId":"%s","section":1,"sectionTitle":"节%s","number":2,"title":"题%s","description":"文%s",
                 "leaders":["朱小丹%s"],"leadUnits":["省编办%s"],"dueDate":"2016-10-31"}"""
                .formatted(planId(), escape, escape, escape, escape, escape)));
        assertThat(fields(problem)).containsExactlyInAnyOrder("sectionTitle", "title", "description", "leaders[0]",
                                                              "leadUnits[0]");
        problem = refused(400, "validation", () -> office.post(path("due-date"), """
                {"newDueDate":"2016-12-31","reason":"理由%s"}""".formatted(escape)));
        assertThat(fields(problem)).containsExactly("reason");
        problem = refused(400, "validation", () -> office.post(path("escalations/resolve"), """
                {"notes":"%s"}""".formatted(escape)));
        assertThat(fields(problem)).containsExactly("notes");
        problem = refused(400, "validation", () -> office.post(path("verification"), """
                {"verdict":"REJECTED","notes":"%s"}""".formatted(escape)));
        assertThat(fields(problem)).containsExactly("notes");
        problem = refused(400, "validation", () -> office.post("/api/v1/plans/import", """
                {"planId":"%s","title":"方案%s","deadline":"2016-10-31","measures":[{"section":1,"number":1,
                 "title":"措施","description":"说明%s","leaders":["朱小丹"],"leadUnits":["省编办"]}]}"""
                .formatted(freshPlanId(), escape, escape)));
        assertThat(fields(problem)).containsExactlyInAnyOrder("title", "measures[0].description");
    }

    @Test
    void longFreeTextKeepsItsLineBreaksAndTabsShortTextDoesNot() {
        submitPlan();
        assertThat(unit.post(path("progress"), """
                {"percentComplete":10,"summary":"第一步\\r\\n第二步\\t完成"}""").status()).isEqualTo(200);
        JsonNode problem = refused(400, "validation", () -> unit.post(path("progress"), """
                {"percentComplete":20,"summary":"进展","milestone":"第一\\n步"}"""));
        assertThat(fields(problem)).containsExactly("milestone");
    }

    @Test
    void aNoticeWithANulIsRefusedNamingItsLine() {
        long before = storedEvents();
        var response = office.send(HttpRequest.newBuilder(URI.create(office.baseUrl() + "/api/v1/plans/import?planId="
                                                                     + freshPlanId()))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("Authorization", office.defaultHeaders().get("Authorization"))
                .POST(HttpRequest.BodyPublishers.ofString("关于整改的通知\n\n一、措施\u0000\n")).build());
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("line").asInt()).isEqualTo(3);
        assertThat(fields(response.json())).containsExactly("line 3");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void numbersAndBooleansAreNotTurnedIntoText() {
        submitPlan();
        JsonNode problem = refused(400, "validation", () -> unit.post(path("progress"), """
                {"percentComplete":50,"summary":-1}"""));
        assertThat(fields(problem)).containsExactly("summary");
        problem = refused(400, "validation", () -> unit.post(path("progress"), """
                {"percentComplete":50,"summary":"进展","evidence":[1.5]}"""));
        assertThat(fields(problem)).containsExactly("evidence[0]");
        problem = refused(400, "validation", () -> office.post(path("escalations"), """
                {"reason":"OVERDUE","notes":true}"""));
        assertThat(fields(problem)).containsExactly("notes");
        problem = refused(400, "validation", () -> office.post("/api/v1/measures", """
                {"planId":true,"section":1,"number":1,"title":"t","leaders":["a"],"leadUnits":["省编办"],
                 "dueDate":"2016-10-31"}"""));
        assertThat(fields(problem)).containsExactly("planId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999-99-99", "never-registered"})
    void aMeasureCannotBeAssignedToAPlanThatWasNeverRegistered(String planId) {
        JsonNode problem = refused(400, "invalid-command", () -> office.post("/api/v1/measures",
                                                                             assignBody(planId, 1)));
        assertThat(problem.get("detail").asText()).contains("planId").contains(planId);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier"
                                       + " IN (?, ?)", Long.class, planId + "-1", "plan:" + planId)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ключ-ю", "schlüssel", "键"})
    void aNonAsciiKeyOrCorrelationIdIsABadHeader(String key) throws Exception {
        for (String header : List.of("Idempotency-Key", "X-Correlation-Id")) {
            long before = storedEvents();
            // as a client writes it: UTF-8 bytes, which the server reads as ISO-8859-1, one char a byte
            String answer = rawPost(path("plan"), "{\"summary\":\"方案\"}", header,
                                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(answer).as(answer).startsWith("HTTP/1.1 400")
                              .containsIgnoringCase("Content-Type: application/problem+json")
                              .contains("urn:ledger:problem:invalid-header");
            assertThat(storedEvents()).isEqualTo(before);
        }
    }

    /** A request written byte for byte, so a header can carry what HTTP clients will not send. */
    private String rawPost(String path, String body, String header, byte[] value) throws java.io.IOException {
        try (var socket = new java.net.Socket("localhost", port)) {
            var out = new java.io.ByteArrayOutputStream();
            byte[] json = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n"
                            + "Authorization: " + unit.defaultHeaders().get("Authorization") + "\r\n"
                            + header + ": ").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.writeBytes(value);
            out.writeBytes("\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.writeBytes(json);
            socket.getOutputStream().write(out.toByteArray());
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/measures/a%2Fb/plan", "/api/v1/measures/a%00b/plan", "/api/v1/measures/%2e%2e/plan",
                            "/api/v1/measures/a%5Cb/plan"})
    void aUrlTheFirewallRefusesIsAProblemNotAPage(String url) {
        refused(400, "rejected-url", () -> unit.post(url, """
                {"summary":"方案"}"""));
    }

    private String planId() {
        return id.substring(0, id.lastIndexOf('-'));
    }

    private void submitPlan() {
        assertThat(unit.post(path("plan"), """
                {"summary":"方案"}""").status()).isEqualTo(200);
    }
}
