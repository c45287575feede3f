package ledger.command.dispatch;

import ledger.command.CommandServiceApplication;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-service nodes on one event store, each with its own measure cache: a node whose
 * cached measure another node has moved on decides again on the stored measure instead of
 * answering 409, and concurrent blind reports through both nodes are all accepted, each stored
 * once, on a chain without gaps.
 */
class SeveralCommandNodesTest {

    private static final String LEAD_UNIT = "省府办公厅";
    private static final String REPORT = """
            {"percentComplete":50,"summary":"进展顺利"}""";

    private static final String PLAN = """
            {"summary":"分三步实施","milestones":[],"responsiblePersons":["王五"]}""";

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        nodeA = startNode();
        nodeB = startNode();
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aNodeWithAStaleCachedMeasureDecidesAgainOnTheStoredOne() {
        String measureId = assignedMeasure();
        ApiClient unitA = unit(nodeA);
        ApiClient unitB = unit(nodeB);

        // B loads and caches the measure at version 2; A's copy (cached at 1, its plan) is stale
        expectVersion(unitB.post(progress(measureId), REPORT), 2);
        expectVersion(unitA.post(progress(measureId), REPORT), 3);
        // B's cached copy (2) is stale now: a blind report is decided again, not refused 409
        expectVersion(unitB.post(progress(measureId), REPORT, "Idempotency-Key", "k-" + measureId), 4);
        // ... and was appended once: the same key answers the stored outcome
        var again = unitB.post(progress(measureId), REPORT, "Idempotency-Key", "k-" + measureId);
        expectVersion(again, 4);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");

        // A moves on; B, still holding 4, gets an If-Match that its stale copy would accept: 412, not 409
        expectVersion(unitA.post(progress(measureId), REPORT), 5);
        var stale = unitB.post(progress(measureId), REPORT, "If-Match", "\"4\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(5);

        // B caches 6; A appends 7; B is asked with the current If-Match, which its stale copy would refuse
        expectVersion(unitB.post(progress(measureId), REPORT), 6);
        expectVersion(unitA.post(progress(measureId), REPORT), 7);
        expectVersion(unitB.post(progress(measureId), REPORT, "If-Match", "\"7\""), 8);

        assertThat(sequenceNumbers(measureId)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void concurrentBlindReportsThroughBothNodesAreAllAcceptedAndStoredOnce() throws Exception {
        List<String> measures = List.of(assignedMeasure(), assignedMeasure(), assignedMeasure());
        for (String measureId : measures) {
            // at version 2 before the race, so If-Match "0" is stale throughout
            expectVersion(unit(nodeA).post(progress(measureId), REPORT), 2);
        }
        int threads = 8;
        int reportsPerThread = 12;
        Map<String, List<Long>> acknowledged = new ConcurrentHashMap<>();
        measures.forEach(m -> acknowledged.put(m, new CopyOnWriteArrayList<>()));
        List<String> unexpected = new CopyOnWriteArrayList<>();
        int[] staleRefused = new int[1];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ApiClient client = unit(t % 2 == 0 ? nodeA : nodeB);
                int thread = t;
                workers.add(pool.submit(() -> {
                    int refused = 0;
                    for (int i = 0; i < reportsPerThread; i++) {
                        String measureId = measures.get((thread + i) % measures.size());
                        boolean withStaleIfMatch = i % 4 == 3;
                        var response = withStaleIfMatch
                                ? client.post(progress(measureId), REPORT, "If-Match", "\"0\"")
                                : client.post(progress(measureId), REPORT);
                        if (withStaleIfMatch && response.status() == 412) {
                            refused++;
                        } else if (!withStaleIfMatch && response.status() == 200) {
                            acknowledged.get(measureId).add(response.json().get("version").asLong());
                        } else {
                            unexpected.add((withStaleIfMatch ? "stale If-Match: " : "blind: ") + response);
                        }
                    }
                    return refused;
                }));
            }
            for (Future<Integer> worker : workers) {
                staleRefused[0] += worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(unexpected).isEmpty();
        assertThat(staleRefused[0]).isEqualTo(threads * reportsPerThread / 4);
        for (String measureId : measures) {
            List<Long> versions = new ArrayList<>(acknowledged.get(measureId));
            Collections.sort(versions);
            // every acknowledged report is stored once, and nothing else was: versions 3..n, no gaps
            assertThat(versions).containsExactlyElementsOf(
                    LongStream.rangeClosed(3, versions.size() + 2).boxed().toList());
            assertThat(sequenceNumbers(measureId)).containsExactlyElementsOf(
                    LongStream.rangeClosed(0, versions.size() + 2).boxed().toList());
        }
        assertThat(acknowledged.values().stream().mapToInt(List::size).sum())
                .isEqualTo(threads * reportsPerThread * 3 / 4);
    }

    private static ConfigurableApplicationContext startNode() {
        return CommandServiceApplication.application()
                .run("--server.port=0",
                     "--spring.datasource.url=" + TestDatabase.jdbcUrl(),
                     "--spring.datasource.username=" + TestDatabase.USER,
                     "--spring.datasource.password=" + TestDatabase.PASSWORD,
                     "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
                     // the shared database holds other tests' measures, due in 2016
                     "--ledger.deadlines.enabled=false");
    }

    /** A measure of a fresh plan, assigned and its plan submitted through node A (which caches it at 1). */
    private static String assignedMeasure() {
        String planId = LedgerApiTest.registerPlan(nodeA, "n-" + UUID.randomUUID().toString().substring(0, 8));
        var assigned = client(nodeA).as("office-1", "SUPERVISOR", "省政府督查室")
                                    .post("/api/v1/measures", LedgerApiTest.assignBody(planId, 1));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        String measureId = assigned.json().get("measureId").asText();
        expectVersion(unit(nodeA).post("/api/v1/measures/" + measureId + "/plan", PLAN), 1);
        return measureId;
    }

    private static ApiClient client(ConfigurableApplicationContext node) {
        return new ApiClient("http://localhost:" + node.getEnvironment().getProperty("local.server.port"));
    }

    private static ApiClient unit(ConfigurableApplicationContext node) {
        return client(node).as("clerk-1", "UNIT", LEAD_UNIT);
    }

    private static String progress(String measureId) {
        return "/api/v1/measures/" + measureId + "/progress";
    }

    private static List<Long> sequenceNumbers(String measureId) {
        return nodeA.getBean(JdbcTemplate.class).queryForList(
                "SELECT sequence_number FROM event_store.domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number", Long.class, measureId);
    }

    private static void expectVersion(ApiClient.Response response, long version) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("version").asLong()).isEqualTo(version);
    }
}
