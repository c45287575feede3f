package ledger.query.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.query.support.QueryServiceTest;
import ledger.testing.EventStreamClient;
import ledger.testing.EventStreamClient.Event;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream's endpoint over real HTTP: a client back with its Last-Event-ID gets each row
 * changed since, once, as it now is, then {@code ready}, then what comes; an unknown plan, or an
 * id that is no position, is a problem, not a stream.
 */
class StreamEndpointTest extends QueryServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private StatusViewFrontier frontier;

    private EventStreamClient open(String planId, String lastEventId) {
        return new EventStreamClient(URI.create("http://localhost:" + port + "/api/v1/stream?planId=" + planId),
                                     TestTokens.token("reader-1", "READER", null), lastEventId);
    }

    @Test
    void aClientBackWithItsLastEventIdGetsWhatChangedSinceOnceThenReadyThenWhatComes() throws Exception {
        PlanOfTwo assigned = PlanOfTwo.assigned(events, freshPlanId());
        String plan = assigned.plan();
        String one = assigned.first();
        String two = assigned.second();
        long lastSeen = assigned.assigned();
        events.reported(one, 10);
        long twoAt20 = events.reported(two, 20);
        long oneAt30 = events.reported(one, 30);
        // the view holds every change up to the last (a change beyond would come after ready)
        await().atMost(WAIT).until(() -> frontier.current() >= oneAt30);

        try (EventStreamClient client = open(plan, Long.toString(lastSeen))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).startsWith("text/event-stream");
            List<Event> first = client.collectUntil(
                    received -> !received.isEmpty() && received.get(received.size() - 1).name().equals("ready"), WAIT);
            assertThat(first).extracting(Event::name).containsExactly("measure", "measure", "summary", "ready");
            // one's 10 % is gone by: each row once, as it now is, in the order of the events that last changed it
            assertThat(first.subList(0, 2)).extracting(MeasureRows::row)
                                           .containsExactly(two + "@" + twoAt20 + " 20%", one + "@" + oneAt30 + " 30%");
            assertThat(first.get(2).json().at("/totals/total").asInt()).isEqualTo(2);
            assertThat(first.get(2).id()).as("a summary is no change of its own").isNull();
            Event ready = first.get(3);
            assertThat(ready.id()).isEqualTo(Long.toString(oneAt30));
            assertThat(ready.json().get("planId").asText()).isEqualTo(plan);
            assertThat(ready.json().get("position").asLong()).isEqualTo(oneAt30);

            long twoAt40 = events.reported(two, 40);
            assertThat(MeasureRows.row(client.nextNamed("measure", WAIT))).isEqualTo(two + "@" + twoAt40 + " 40%");
        }
    }

    @Test
    void anUnknownPlanIs404() throws Exception {
        String plan = freshPlanId();
        try (EventStreamClient client = open(plan, null)) {
            assertThat(client.status()).isEqualTo(404);
            assertThat(client.header("Content-Type")).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(client.errorBody());
            assertThat(problem.get("type").asText()).isEqualTo("urn:ledger:problem:unknown-plan");
            assertThat(problem.get("detail").asText()).startsWith("no plan '" + plan + "' on the ledger");
        }
    }

    @Test
    void aLastEventIdThatIsNoPositionIs400() throws Exception {
        String plan = freshPlanId();
        events.assigned(plan, 1, "省编办");
        await().atMost(WAIT).until(() -> request("GET", "/api/v1/measures/" + plan + "-1", "READER", null)
                                                 .statusCode() == 200);
        try (EventStreamClient client = open(plan, "yesterday")) {
            assertThat(client.status()).isEqualTo(400);
            assertThat(client.header("Content-Type")).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(client.errorBody());
            assertThat(problem.get("type").asText()).isEqualTo("urn:ledger:problem:validation");
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("Last-Event-ID");
        }
    }
}
