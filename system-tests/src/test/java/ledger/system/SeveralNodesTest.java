package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command-service and two query-service nodes on one PostgreSQL (issue 13's test): commands
 * race for the same measures through both command nodes while their overdue deadlines fall due on
 * whichever node claims them, and one query node dies in the middle.
 */
class SeveralNodesTest {

    private static final String[] QUERY_SETTINGS = {"--ledger.projections.claim-timeout=3s",
                                                    "--ledger.projections.poll-interval=200ms"};
    private static final String[] COMMAND_SETTINGS = {"--ledger.deadlines.enabled=true",
                                                      "--ledger.deadlines.polling-interval=PT0.2S"};
    private static final List<String> PROJECTIONS = List.of("audit-trail", "measure-status");
    private static final int MEASURES = 4;
    private static final int WRITERS = 8;
    private static final int REQUESTS_PER_WRITER = 30;
    /** Every fourth report carries If-Match "0": stale once the plan is in, so it must be 412. */
    private static final String STALE = "\"0\"";

    private final AtomicBoolean queryACutOff = new AtomicBoolean();

    @Test
    void twoCommandNodesAndTwoQueryNodesKeepOneRecord() throws Exception {
        try (LedgerUnderTest ledger = LedgerUnderTest.withQueryArguments(
                TestDatabase.jdbcUrl("several_nodes"), with(QUERY_SETTINGS, "--ledger.node-id=query-b"))) {
            JdbcTemplate database = ledger.database();
            LedgerUnderTest.QueryNode queryB = ledger.queryNode();
            LedgerUnderTest.QueryNode queryA = ledger.startQueryNode(this::cuttable,
                                                                     with(QUERY_SETTINGS, "--ledger.node-id=query-a"));
            List<LedgerUnderTest.CommandNode> commandNodes = List.of(ledger.startCommandNode(COMMAND_SETTINGS),
                                                                     ledger.startCommandNode(COMMAND_SETTINGS));

            // measures due in 2016: each one's overdue deadline falls due at once, on one of the nodes
            String planId = ledger.registerPlan("multi-" + UUID.randomUUID().toString().substring(0, 8));
            List<String> measures = new ArrayList<>();
            for (int number = 1; number <= MEASURES; number++) {
                String id = planId + "-" + number;
                created(commandNodes.get(number % 2).command("/api/v1/measures", """
                        {"planId":"%s","section":1,"number":%d,"title":"措施","leaders":["朱小丹"],
                         "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId, number),
                                                              "office-1", "SUPERVISOR"));
                done(commandNodes.get((number + 1) % 2).command("/api/v1/measures/" + id + "/plan",
                                                                    "{\"summary\":\"方案\"}", "clerk-1", "UNIT"));
                measures.add(id);
            }

            // both nodes answer (and keep) the plan's summary before any report: no completion yet
            String summary = "/api/v1/dashboard/summary?planId=" + planId;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (LedgerUnderTest.QueryNode node : List.of(queryA, queryB)) {
                    JsonNode totals = node.query(summary).json().get("totals");
                    assertThat(totals.get("byStatus").path("PLAN_SUBMITTED").asLong()).isEqualTo(MEASURES);
                    assertThat(totals.get("meanCompletion").asDouble()).isZero();
                }
            });

            Map<String, AtomicInteger> blind = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> stale = new ConcurrentHashMap<>();
            List<String> acknowledgedKeys = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger sent = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_WRITER; i++) {
                        String measure = measures.get((writer + i) % MEASURES);
                        LedgerUnderTest.CommandNode node = commandNodes.get((writer + i) % 2);
                        String key = UUID.randomUUID().toString();
                        String body = "{\"percentComplete\":" + (i % 100) + ",\"summary\":\"进展\"}";
                        boolean withStaleVersion = i % 4 == 3;
                        var answer = withStaleVersion
                                ? node.command("/api/v1/measures/" + measure + "/progress", body, "clerk-1", "UNIT",
                                               "Idempotency-Key", key, "If-Match", STALE)
                                : node.command("/api/v1/measures/" + measure + "/progress", body, "clerk-1", "UNIT",
                                               "Idempotency-Key", key);
                        (withStaleVersion ? stale : blind).computeIfAbsent(Integer.toString(answer.status()),
                                                                           s -> new AtomicInteger()).incrementAndGet();
                        if (answer.status() / 100 == 2) {
                            acknowledgedKeys.add(key);
                        }
                        if (sent.incrementAndGet() == WRITERS * REQUESTS_PER_WRITER / 2) {
                            queryACutOff.set(true);   // query node A dies in the middle
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();

            // no spurious 409 for blind reports; 412 exactly where If-Match was stale
            assertThat(counts(blind)).as("blind reports by status").containsOnlyKeys("200");
            assertThat(counts(stale)).as("stale If-Match by status").containsOnlyKeys("412");
            // every acknowledged command stored exactly once, nothing else stored
            for (String key : acknowledgedKeys) {
                assertThat(eventsWithKey(database, key)).as("events of " + key).isEqualTo(1);
            }
            assertThat(database.queryForObject("""
                    SELECT count(*) FROM event_store.domain_event_entry
                    WHERE aggregate_identifier LIKE ? AND payload_type = 'ProgressReported'""", Long.class,
                                               planId + "-%")).isEqualTo(acknowledgedKeys.size());
            assertThat(database.queryForObject("""
                    SELECT count(*) FROM (SELECT aggregate_identifier FROM event_store.domain_event_entry
                      WHERE aggregate_identifier LIKE ? GROUP BY aggregate_identifier
                      HAVING max(sequence_number) <> count(*) - 1) gaps""", Long.class, planId + "-%")).isZero();
            // each due date's deadline fired once (urging, 催办), on one of the two nodes, and stays fired once
            await().atMost(Duration.ofSeconds(30)).until(() -> urgings(database, planId) == MEASURES);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                   .until(() -> urgings(database, planId) == MEASURES);
            assertThat(database.queryForObject("""
                    SELECT count(DISTINCT aggregate_identifier) FROM event_store.domain_event_entry
                    WHERE aggregate_identifier LIKE ? AND payload_type = 'MeasureUrged'
                      AND convert_from(meta_data, 'UTF8')::jsonb ->> 'actorRole' = 'SYSTEM'""", Long.class,
                                               planId + "-%")).isEqualTo(MEASURES);

            // the surviving query node took over the dead node's segments, and its views keep up
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String projection : PROJECTIONS) {
                    assertThat(liveOwners(queryB, projection)).as(projection).isNotEmpty().containsOnly("query-b");
                }
            });
            long head = database.queryForObject("SELECT max(sequence_number) FROM event_store.domain_event_entry"
                                                + " WHERE aggregate_identifier = ?", Long.class, measures.get(0));
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> queryB.query("/api/v1/measures/" + measures.get(0)).json().get("version").asLong() == head);

            // the dead node comes back: both nodes answer the same views
            queryACutOff.set(false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : measures) {
                    assertThat(queryA.query("/api/v1/measures/" + id).json())
                            .isEqualTo(queryB.query("/api/v1/measures/" + id).json());
                }
            });

            // a summary a node kept is not served once the view moved, whichever node moved it
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode onA = queryA.query(summary).json().get("totals");
                assertThat(onA.get("meanCompletion").asDouble()).isPositive();
                assertThat(onA).isEqualTo(queryB.query(summary).json().get("totals"));
            });

            // a replay asked of one node rebuilds the views for both, equal to what they were
            List<String> before = views(database, planId);
            assertThat(queryA.admin("/api/v1/admin/projections/replay").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (JsonNode status : queryB.adminGet("/api/v1/admin/projections").json()) {
                    assertThat(status.path("replay").path("state").asText()).as(status.toString()).isEqualTo("done");
                    assertThat(status.path("lag").asLong()).isZero();
                }
            });
            assertThat(views(database, planId)).isEqualTo(before);
            for (String id : measures) {
                assertThat(queryA.query("/api/v1/measures/" + id).json())
                        .isEqualTo(queryB.query("/api/v1/measures/" + id).json());
            }
        }
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> byStatus) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        byStatus.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    private static long eventsWithKey(JdbcTemplate database, String key) {
        return database.queryForObject("""
                SELECT count(*) FROM event_store.domain_event_entry
                WHERE convert_from(meta_data, 'UTF8')::jsonb ->> 'idempotencyKey' = ?""", Long.class, key);
    }

    private static long urgings(JdbcTemplate database, String planId) {
        return database.queryForObject("""
                SELECT count(*) FROM event_store.domain_event_entry
                WHERE aggregate_identifier LIKE ? AND payload_type = 'MeasureUrged'""", Long.class, planId + "-%");
    }

    /** The plan's rows of both views as text, in a fixed order: what a rebuild must give again. */
    private static List<String> views(JdbcTemplate database, String planId) {
        List<String> rows = new ArrayList<>(database.queryForList(
                "SELECT v::text FROM query_view.measure_status v WHERE measure_id LIKE ? ORDER BY measure_id",
                String.class, planId + "-%"));
        rows.addAll(database.queryForList(
                "SELECT v::text FROM query_view.audit_trail v WHERE measure_id LIKE ? ORDER BY measure_id, sequence_number",
                String.class, planId + "-%"));
        return rows;
    }

    /** Live claims per segment, as the node asked sees them. */
    private static List<String> liveOwners(LedgerUnderTest.QueryNode node, String projection) {
        List<String> owners = new ArrayList<>();
        for (JsonNode status : node.adminGet("/api/v1/admin/projections").json()) {
            if (status.get("name").asText().equals(projection)) {
                for (JsonNode claim : status.get("claims")) {
                    owners.add(claim.get("live").asBoolean() ? claim.get("owner").asText() : "none");
                }
            }
        }
        return owners;
    }

    /** Query node A's DataSource, which refuses connections while A is "dead" (cut off from the database). */
    private DataSource cuttable(DataSource dataSource) {
        return LedgerUnderTest.cuttable(dataSource, queryACutOff);
    }

    private static String[] with(String[] settings, String... more) {
        List<String> all = new ArrayList<>(List.of(settings));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

}
