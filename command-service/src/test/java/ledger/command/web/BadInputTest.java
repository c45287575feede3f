package ledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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
        String planId = freshPlanId();
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
    void malformedJson() {
        refused(400, "malformed-body", () -> unit.post(path("plan"), "{\"summary\": \"方案\","));
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
        String planId = freshPlanId();
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
    void aBodyThatIsNotJson() {
        long before = storedEvents();
        var response = unit.post(path("plan"), "summary=方案", "Content-Type", "text/plain");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(storedEvents()).isEqualTo(before);
    }

    private void submitPlan() {
        assertThat(unit.post(path("plan"), """
                {"summary":"方案"}""").status()).isEqualTo(200);
    }
}
