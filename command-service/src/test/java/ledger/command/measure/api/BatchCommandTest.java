package ledger.command.measure.api;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/commands}: many commands in one request, each with its own outcome, sent
 * together so that the command bus commits them in few transactions.
 */
class BatchCommandTest extends LedgerApiTest {

    private static final String PLAN_BODY = """
            {"command":"plan","measureId":"%s","body":{"summary":"倒排工期"}}""";
    private static final String PROGRESS_BODY = """
            {"command":"progress","measureId":"%s","body":{"percentComplete":%d,"summary":"按计划推进"}}""";

    private List<String> assigned(String planId, int count) {
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            assertThat(supervisor().post("/api/v1/measures", assignBody(planId, n)).status()).isEqualTo(201);
            ids.add(planId + "-" + n);
        }
        return ids;
    }

    private ApiClient.Response batch(ApiClient client, List<String> items, String... headers) {
        return client.post("/api/v1/commands", "[" + String.join(",", items) + "]", headers);
    }

    private long eventsOf(String planId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier LIKE ?",
                                   Long.class, planId + "-%");
    }

    @Test
    void everyItemIsDecidedAndAnsweredAndItemsSentTogetherShareTransactions() {
        String planId = registeredPlanId();
        List<String> ids = assigned(planId, 24);
        List<String> items = ids.stream().map(PLAN_BODY::formatted).toList();

        var response = batch(unit("省编办"), items);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("done").asInt()).isEqualTo(24);
        assertThat(body.get("failed").asInt()).isZero();
        for (int i = 0; i < 24; i++) {
            JsonNode item = body.get("items").get(i);
            assertThat(item.get("index").asInt()).isEqualTo(i);
            assertThat(item.get("status").asInt()).isEqualTo(200);
            assertThat(item.get("measureId").asText()).isEqualTo(ids.get(i));
            assertThat(item.get("version").asLong()).isEqualTo(1);
        }
        // group commit: 24 plans were appended in fewer transactions than one each
        Long transactions = jdbc.queryForObject(
                "SELECT count(DISTINCT xmin::text) FROM event_store.domain_event_entry "
                + "WHERE aggregate_identifier LIKE ? AND sequence_number = 1", Long.class, planId + "-%");
        assertThat(transactions).isLessThan(24);
    }

    @Test
    void eachItemGetsItsOwnOutcomeAndOnlyTheAcceptedOnesAreAppended() {
        String planId = registeredPlanId();
        List<String> ids = assigned(planId, 3);
        long before = eventsOf(planId);

        var response = batch(unit("省编办"), List.of(
                PLAN_BODY.formatted(ids.get(0)),
                // not allowed before a plan was submitted
                PROGRESS_BODY.formatted(ids.get(1), 10),
                // percent outside 0..100
                PROGRESS_BODY.formatted(ids.get(0), 101),
                // a supervisor's command, sent by a unit
                """
                {"command":"verification","measureId":"%s","body":{"verdict":"PASSED"}}""".formatted(ids.get(2)),
                // no such measure
                PLAN_BODY.formatted(planId + "-99"),
                // a stale If-Match
                """
                {"command":"plan","measureId":"%s","expectedVersion":7,"body":{"summary":"x"}}""".formatted(ids.get(2)),
                """
                {"command":"teleport","measureId":"%s","body":{}}""".formatted(ids.get(2)),
                PLAN_BODY.formatted(ids.get(2))));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode items = response.json().get("items");
        assertThat(statuses(items)).containsExactly(200, 409, 400, 403, 404, 412, 400, 200);
        assertThat(items.get(1).get("problem").get("allowedCommands")).isNotEmpty();
        assertThat(items.get(2).get("problem").get("errors").get(0).get("field").asText())
                .isEqualTo("body.percentComplete");
        assertThat(items.get(5).get("problem").get("currentVersion").asLong()).isZero();
        assertThat(items.get(6).get("problem").get("errors").get(0).get("field").asText()).isEqualTo("command");
        assertThat(response.json().get("done").asInt()).isEqualTo(2);
        assertThat(eventsOf(planId)).isEqualTo(before + 2);
    }

    @Test
    void eachItemHasItsOwnIdempotencyKey() {
        String planId = registeredPlanId();
        List<String> ids = assigned(planId, 3);
        List<String> items = new ArrayList<>();
        for (String id : ids) {
            items.add("""
                      {"command":"plan","measureId":"%s","idempotencyKey":"batch-%s","body":{"summary":"倒排工期"}}"""
                              .formatted(id, id));
        }
        var first = batch(unit("省编办"), items);
        long afterFirst = eventsOf(planId);

        var again = batch(unit("省编办"), items);

        assertThat(statuses(first.json().get("items"))).containsOnly(200);
        assertThat(statuses(again.json().get("items"))).containsOnly(200);
        again.json().get("items").forEach(item -> assertThat(item.get("replayed").asBoolean()).isTrue());
        assertThat(eventsOf(planId)).isEqualTo(afterFirst);

        // the same key on a different command is refused, for that item only
        var reused = batch(unit("省编办"), List.of("""
                {"command":"plan","measureId":"%s","idempotencyKey":"batch-%s","body":{"summary":"另一份"}}"""
                                                           .formatted(ids.get(0), ids.get(0))));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(statuses(reused.json().get("items"))).containsExactly(422);
        assertThat(eventsOf(planId)).isEqualTo(afterFirst);
    }

    @Test
    void aBatchOfWhichNoItemIsDoneIsRefusedWholeWithEveryItemsOutcome() {
        String planId = registeredPlanId();
        List<String> ids = assigned(planId, 2);
        long before = storedEvents();

        var invalid = batch(unit("省编办"), List.of(PROGRESS_BODY.formatted(ids.get(0), 101),
                                                    """
                                                    {"command":"plan","measureId":"%s","body":{"summary":"x","extra":1}}"""
                                                            .formatted(ids.get(1))));
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.json().get("type").asText()).endsWith("batch-refused");
        assertThat(statuses(invalid.json().get("items"))).containsExactly(400, 400);

        // refused for different reasons: 409 (no plan yet) and 404 (no such measure)
        var mixed = batch(unit("省编办"), List.of(PROGRESS_BODY.formatted(ids.get(0), 10),
                                                  PLAN_BODY.formatted(planId + "-77")));
        assertThat(mixed.status()).isEqualTo(422);
        assertThat(statuses(mixed.json().get("items"))).containsExactly(409, 404);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void ndjsonCarriesOneItemALine() {
        String planId = registeredPlanId();
        List<String> ids = assigned(planId, 2);
        String body = PLAN_BODY.formatted(ids.get(0)) + "\n" + PLAN_BODY.formatted(ids.get(1)) + "\n";

        var response = unit("省编办").post("/api/v1/commands", body, "Content-Type", "application/x-ndjson");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(statuses(response.json().get("items"))).containsExactly(200, 200);
    }

    @Test
    void aMalformedBatchIsRefusedWholeAndNothingIsAppended() {
        String planId = registeredPlanId();
        List<String> ids = assigned(planId, 1);
        long before = storedEvents();

        for (String body : List.of("{\"command\":\"plan\"}", "[", "[]", "not json")) {
            var response = unit("省编办").post("/api/v1/commands", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        var broken = unit("省编办").post("/api/v1/commands", PLAN_BODY.formatted(ids.get(0)) + "\n{nope\n",
                                        "Content-Type", "application/x-ndjson");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asText()).contains("line 2");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void eachBadItemIsNamedByItsFieldAsItsEndpointWouldNameIt() {
        String id = assigned(registeredPlanId(), 1).get(0);
        long before = storedEvents();

        var response = batch(unit("省编办"), List.of(
                "5",
                """
                {"command":"plan","body":{"summary":"x"}}""",
                """
                {"command":"plan","measureId":"%s","body":"x"}""".formatted(id),
                """
                {"command":"progress","measureId":"%s","body":{"percentComplete":"ten","summary":"x"}}""".formatted(id),
                """
                {"command":"plan","measureId":"%s","body":{"summary":"x","milestones":[{"title":" ","dueDate":"2016-10-31"}],
                 "responsiblePersons":[""]}}""".formatted(id),
                """
                {"command":"plan","measureId":"%s","idempotencyKey":"","body":{"summary":"x"}}""".formatted(id)));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode items = response.json().get("items");
        assertThat(statuses(items)).containsOnly(400);
        List<String> fields = new ArrayList<>();
        items.forEach(item -> item.at("/problem/errors").forEach(error -> fields.add(error.get("field").asText())));
        assertThat(fields).containsExactly("item", "measureId", "body", "body.percentComplete",
                                           "body.milestones[0].title", "body.responsiblePersons[0]", "idempotencyKey");
        assertThat(items.get(3).at("/problem/detail").asText()).doesNotContain("ledger.");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aBatchOverTheLimitIsRefusedWholeBeforeAnyItemIsRead() {
        var response = batch(unit("省编办"), java.util.Collections.nCopies(1001, "{}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).endsWith("malformed-batch");
        assertThat(response.json().get("detail").asText()).contains("at most 1000 commands, this one 1001");
    }

    @Test
    void readersAndAnonymousCallersMaySendNoBatch() {
        String planId = registeredPlanId();
        List<String> ids = assigned(planId, 1);
        long before = storedEvents();

        var reader = new ApiClient("http://localhost:" + port).as("reader-1", "READER", null);
        assertThat(batch(reader, List.of(PLAN_BODY.formatted(ids.get(0)))).status()).isEqualTo(403);
        assertThat(batch(anonymous(), List.of(PLAN_BODY.formatted(ids.get(0)))).status()).isEqualTo(401);
        assertThat(storedEvents()).isEqualTo(before);
    }

    private static List<Integer> statuses(JsonNode items) {
        List<Integer> statuses = new ArrayList<>();
        items.forEach(item -> statuses.add(item.get("status").asInt()));
        return statuses;
    }
}
