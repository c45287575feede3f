package ledger.query.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.query.support.QueryServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projections' admin API: each view's processor with its position and lag, a replay asked
 * (202), refused while it is under way (409), and run once to done; an unknown projection is a 404.
 */
class ProjectionAdminApiTest extends QueryServiceTest {

    private static final String PROJECTIONS = "/api/v1/admin/projections";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void eachViewIsListedWithItsPositionAndLag() throws Exception {
        String plan = freshPlanId();
        events.assigned(plan, 1, "省编办");
        long last = events.reported(plan + "-1", 10);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode projections = json(request("GET", PROJECTIONS, "ADMIN", null), 200);
            assertThat(projections).extracting(p -> p.get("name").asText())
                                   .containsExactly("audit-trail", "measure-status");
            for (JsonNode projection : projections) {
                assertThat(projection.get("state").asText()).as(projection.toString()).isEqualTo("running");
                assertThat(projection.get("headPosition").asLong()).isEqualTo(last);
                assertThat(projection.get("position").asLong()).isEqualTo(last);
                assertThat(projection.get("lag").asLong()).isZero();
                assertThat(projection.get("segments").asInt()).isEqualTo(2);
                assertThat(projection.get("claims")).extracting(c -> c.get("position").asLong())
                                                    .containsExactly(last, last);
            }
        });
        problem(request("GET", PROJECTIONS, "SUPERVISOR", null), 403, "forbidden");
    }

    @Test
    void aReplayIsAcceptedRefusedWhileUnderWayAndRunOnceToDone() throws Exception {
        String measure = freshPlanId() + "-1";
        events.assigned(measure.substring(0, measure.length() - 2), 1, "省编办");
        long last = events.reported(measure, 60);
        // another test's replay may still run (the database is shared)
        await().atMost(WAIT).until(() -> active() == 0);
        long before = replays();

        JsonNode accepted = json(request("POST", PROJECTIONS + "/measure-status/replay", "ADMIN", null), 202);
        JsonNode replay = replayOf(accepted, "measure-status");
        long id = replay.get("id").asLong();
        assertThat(replay.get("projections")).extracting(JsonNode::asText).containsExactly("measure-status");
        assertThat(replay.get("requestedBy").asText()).isEqualTo("admin-1");

        // while a node would take it on (the row held), a second replay of it or of all is refused
        List<JsonNode> refused = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT id FROM query_view.projection_replay WHERE id = ? FOR UPDATE", Long.class, id);
            try {
                assertThat(replayOf(json(request("GET", PROJECTIONS, "ADMIN", null), 200), "measure-status")
                                   .get("state").asText()).isEqualTo("requested");
                refused.add(problem(request("POST", PROJECTIONS + "/measure-status/replay", "ADMIN", null), 409,
                                    "replay-in-progress"));
                refused.add(problem(request("POST", PROJECTIONS + "/replay", "ADMIN", null), 409,
                                    "replay-in-progress"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(refused).allSatisfy(problem -> assertThat(problem.get("detail").asText())
                .startsWith("replay " + id + " of [measure-status] is requested (asked by admin-1 at "));

        await().atMost(WAIT).until(() -> replayOf(json(request("GET", PROJECTIONS, "ADMIN", null), 200),
                                                  "measure-status").get("state").asText().equals("done"));
        JsonNode done = replayOf(json(request("GET", PROJECTIONS, "ADMIN", null), 200), "measure-status");
        assertThat(done.get("id").asLong()).isEqualTo(id);
        assertThat(done.get("node").asText()).isNotBlank();
        assertThat(done.get("head").asLong()).isEqualTo(last);
        assertThat(done.get("progress").get("measure-status").asLong()).isEqualTo(last);
        assertThat(replays()).as("asked once, run once").isEqualTo(before + 1);
        // the view rebuilt from the event store holds the measure as its events left it
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(request("GET", "/api/v1/measures/" + measure,
                                                                         "SUPERVISOR", null), 200)
                                                                    .get("percentComplete").asInt()).isEqualTo(60));
    }

    @Test
    void anUnknownProjectionIs404AndNothingIsAsked() throws Exception {
        long before = replays();
        // an admin of its own: replays are rate-limited per actor
        JsonNode problem = problem(request("POST", PROJECTIONS + "/no-such-view/replay", "admin-404", "ADMIN", null),
                                   404, "unknown-projection");
        assertThat(problem.get("detail").asText()).isEqualTo("no projection named 'no-such-view'");
        // the outbox's processor is no view: it is never replayed (it would send everything again)
        problem(request("POST", PROJECTIONS + "/webhook-outbox/replay", "admin-404", "ADMIN", null), 404,
                "unknown-projection");
        assertThat(replays()).isEqualTo(before);
    }

    private static JsonNode replayOf(JsonNode projections, String name) {
        for (JsonNode projection : projections) {
            if (projection.get("name").asText().equals(name)) {
                return projection.get("replay");
            }
        }
        throw new AssertionError("no projection " + name + " in " + projections);
    }

    private long replays() {
        return jdbc.queryForObject("SELECT count(*) FROM query_view.projection_replay", Long.class);
    }

    private long active() {
        return jdbc.queryForObject("SELECT count(*) FROM query_view.projection_replay"
                                   + " WHERE state IN ('requested', 'running')", Long.class);
    }
}
