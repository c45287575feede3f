package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import ledger.query.config.RebuildingViewHeader;
import ledger.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two query-service nodes on one database: they split each projection's segments, a replay asked
 * of one rebuilds the views for both, and when a node dies the other takes its segments over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryNodesTest {

    /** Short, so that a dead node's claims pass to the other within seconds. */
    private static final String[] NODE_SETTINGS = {"--ledger.projections.claim-timeout=3s",
                                                   "--ledger.projections.poll-interval=200ms"};
    private static final List<String> PROJECTIONS = List.of("audit-trail", "measure-status");

    private static LedgerUnderTest ledger;
    private static JdbcTemplate database;
    private static LedgerUnderTest.QueryNode nodeA;
    private static LedgerUnderTest.QueryNode nodeB;
    /** Cuts node A off from the database, as a node that died (or lost its network) is cut off. */
    private static final AtomicBoolean nodeACutOff = new AtomicBoolean();
    private static final List<String> measures = new ArrayList<>();

    @BeforeAll
    static void start() {
        ledger = LedgerUnderTest.withQueryArguments(TestDatabase.jdbcUrl("query_nodes"), concat(NODE_SETTINGS, "--ledger.node-id=node-b"));
        database = ledger.database();
        nodeB = ledger.queryNode();
        nodeA = ledger.startQueryNode(QueryNodesTest::cuttable, concat(NODE_SETTINGS, "--ledger.node-id=node-a"));
        String planId = ledger.registerPlan("nodes-" + UUID.randomUUID().toString().substring(0, 8));
        for (int number = 1; number <= 8; number++) {
            String id = planId + "-" + number;
            ledger.command("/api/v1/measures", """
                    {"planId":"%s","section":1,"number":%d,"title":"措施%d","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId, number, number),
                           "office-1", "SUPERVISOR");
            var plan = ledger.command("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT");
            assertThat(plan.status()).as(plan.body()).isLessThan(300);
            var progress = ledger.command("/api/v1/measures/" + id + "/progress",
                                          "{\"percentComplete\":" + (number * 10) + ",\"summary\":\"进展\"}",
                                          "clerk-1", "UNIT");
            assertThat(progress.status()).as(progress.body()).isLessThan(300);
            measures.add(id);
        }
    }

    @AfterAll
    static void stop() {
        nodeACutOff.set(false);
        if (ledger != null) {
            ledger.close();
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static DataSource cuttable(DataSource dataSource) {
        return LedgerUnderTest.cuttable(dataSource, nodeACutOff);
    }

    /** Who claims each projection's segments, as the node asked sees them: owner per segment, live claims only. */
    private static List<String> liveOwners(LedgerUnderTest.QueryNode node, String projection) {
        List<String> owners = new ArrayList<>();
        for (JsonNode status : node.adminGet("/api/v1/admin/projections").json()) {
            if (status.get("name").asText().equals(projection)) {
                for (JsonNode claim : status.get("claims")) {
                    owners.add(claim.get("live").asBoolean() ? claim.get("owner").asText() : null);
                }
            }
        }
        return owners;
    }

    private static boolean caughtUp(LedgerUnderTest.QueryNode node) {
        JsonNode projections = node.adminGet("/api/v1/admin/projections").json();
        for (JsonNode projection : projections) {
            if (projection.get("replaying").asBoolean() || projection.get("lag").asLong() > 0
                || !projection.get("running").asBoolean()) {
                return false;
            }
        }
        return projections.size() == 2;
    }

    /** What a node answers for every measure: status views, histories, the dashboard. */
    private static List<String> answers(LedgerUnderTest.QueryNode node) {
        List<String> answers = new ArrayList<>();
        for (String id : measures) {
            answers.add(node.query("/api/v1/measures/" + id).body());
            answers.add(node.query("/api/v1/measures/" + id + "/history").body());
        }
        answers.add(node.query("/api/v1/dashboard/summary").body());
        return answers;
    }

    @Test
    @Order(1)
    void theNodesSplitEachProjectionsSegments() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String projection : PROJECTIONS) {
                // seen from either node: two segments, one claimed by each
                assertThat(liveOwners(nodeB, projection)).as(projection).containsExactlyInAnyOrder("node-a", "node-b");
                assertThat(liveOwners(nodeA, projection)).as(projection).containsExactlyInAnyOrder("node-a", "node-b");
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(nodeA) && caughtUp(nodeB));
        assertThat(answers(nodeA)).isEqualTo(answers(nodeB));
        assertThat(nodeB.query("/api/v1/measures/" + measures.get(7)).json().get("percentComplete").asInt())
                .isEqualTo(80);
    }

    @Test
    @Order(2)
    void aReplayAskedOfOneNodeRebuildsTheViewsOnceForBoth() {
        List<String> before = answers(nodeB);
        // damage both views: only a rebuild from the event store brings them back
        database.update("UPDATE query_view.measure_status SET percent_complete = 0");
        database.update("DELETE FROM query_view.audit_trail WHERE global_position % 2 = 0");

        var replay = nodeA.admin("/api/v1/admin/projections/replay");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        // while it applies: node B says so, and refuses a second replay
        var read = nodeB.query("/api/v1/measures/" + measures.get(0));
        var second = nodeB.admin("/api/v1/admin/projections/measure-status/replay");
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.header("Content-Type")).startsWith("application/problem+json");
        assertThat(second.json().get("detail").asText()).contains("replay").contains("wait until it is done");
        assertThat(read.header(RebuildingViewHeader.HEADER)).isEqualTo("measure-status");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (JsonNode status : nodeB.adminGet("/api/v1/admin/projections").json()) {
                assertThat(status.at("/replay/state").asText()).as(status.toString()).isEqualTo("done");
                assertThat(status.at("/replay/node").asText()).isIn("node-a", "node-b");
                assertThat(status.at("/replay/requestedBy").asText()).isNotEmpty();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(nodeA) && caughtUp(nodeB));
        // one replay, run once: one row, done
        assertThat(database.queryForList("SELECT state FROM query_view.projection_replay", String.class))
                .containsExactly("done");
        assertThat(answers(nodeA)).isEqualTo(before);
        assertThat(answers(nodeB)).isEqualTo(before);
        assertThat(nodeB.query("/api/v1/measures/" + measures.get(0)).header(RebuildingViewHeader.HEADER)).isNull();
        // and both nodes claim segments again
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> owners = new HashSet<>();
            PROJECTIONS.forEach(projection -> owners.addAll(liveOwners(nodeB, projection)));
            assertThat(owners).containsExactlyInAnyOrder("node-a", "node-b");
        });
    }

    @Test
    @Order(3)
    void whenANodeDiesTheOtherTakesItsSegmentsOverAndTheViewsKeepUp() {
        nodeACutOff.set(true);   // node A can neither renew nor release its claims
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String projection : PROJECTIONS) {
                assertThat(liveOwners(nodeB, projection)).as(projection).containsExactly("node-b", "node-b");
            }
        });
        String id = measures.get(2);
        var progress = ledger.command("/api/v1/measures/" + id + "/progress",
                                      "{\"percentComplete\":77,\"summary\":\"进展\"}", "clerk-1", "UNIT");
        assertThat(progress.status()).as(progress.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(nodeB.query("/api/v1/measures/" + id).json().get("percentComplete").asInt()).isEqualTo(77);
            assertThat(nodeB.query("/api/v1/measures/" + id + "/history").body()).contains("77");
        });

        // node A comes back: it finds its segments taken, and answers the same views as B once again
        nodeACutOff.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(nodeA) && caughtUp(nodeB));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(answers(nodeA)).isEqualTo(answers(nodeB)));

        // a clean stop releases at once: node B runs every segment
        nodeA.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String projection : PROJECTIONS) {
                assertThat(liveOwners(nodeB, projection)).as(projection).containsExactly("node-b", "node-b");
            }
        });
    }

    @Test
    @Order(4)
    void aReplayThatCannotRunIsReportedFailedAndTheViewsCarryOn() {
        // a node that keeps a segment claimed and takes no part in replays (its claim runs for an hour)
        database.update("""
                UPDATE query_view.token_entry SET owner = 'ghost',
                       timestamp = to_char((now() + interval '1 hour') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                WHERE processor_name = 'measure-status' AND segment = 1""");
        var replay = nodeB.admin("/api/v1/admin/projections/measure-status/replay");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = status(nodeB, "measure-status");
            assertThat(status.at("/replay/state").asText()).as(status.toString()).isEqualTo("failed");
            assertThat(status.at("/replay/error").asText()).contains("could not reset").contains("ghost");
        });

        // the ghost goes: the views carry on from where they were, and a new replay may be asked
        database.update("UPDATE query_view.token_entry SET owner = NULL WHERE owner = 'ghost'");
        String id = measures.get(4);
        var progress = ledger.command("/api/v1/measures/" + id + "/progress",
                                      "{\"percentComplete\":66,\"summary\":\"进展\"}", "clerk-1", "UNIT");
        assertThat(progress.status()).as(progress.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                nodeB.query("/api/v1/measures/" + id).json().get("percentComplete").asInt()).isEqualTo(66));
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(nodeB));
        assertThat(nodeB.admin("/api/v1/admin/projections/measure-status/replay").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                status(nodeB, "measure-status").at("/replay/state").asText()).isEqualTo("done"));
    }

    @Test
    @Order(5)
    void aNodeStartedAgainUnderItsNameFailsTheReplayItsPredecessorDiedRunningAtOnce() {
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(nodeB));
        // the replay node B's name was running when its process was killed: the process now alive under
        // that name (host:port by default) runs no replay, so it knows the runner died, without waiting
        database.update("""
                INSERT INTO query_view.projection_replay (projections, requested_by, state, node, head)
                VALUES ('{measure-status}', 'before the crash', 'running', 'node-b', 0)""");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = status(nodeB, "measure-status");
            assertThat(status.at("/replay/state").asText()).as(status.toString()).isEqualTo("failed");
            assertThat(status.at("/replay/error").asText()).isEqualTo("node node-b stopped while running the replay");
        });

        String id = measures.get(5);
        var progress = ledger.command("/api/v1/measures/" + id + "/progress",
                                      "{\"percentComplete\":55,\"summary\":\"进展\"}", "clerk-1", "UNIT");
        assertThat(progress.status()).as(progress.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                nodeB.query("/api/v1/measures/" + id).json().get("percentComplete").asInt()).isEqualTo(55));
        assertThat(nodeB.admin("/api/v1/admin/projections/measure-status/replay").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                status(nodeB, "measure-status").at("/replay/state").asText()).isEqualTo("done"));
    }

    private static JsonNode status(LedgerUnderTest.QueryNode node, String projection) {
        for (JsonNode status : node.adminGet("/api/v1/admin/projections").json()) {
            if (status.get("name").asText().equals(projection)) {
                return status;
            }
        }
        throw new AssertionError("no projection " + projection);
    }
}
