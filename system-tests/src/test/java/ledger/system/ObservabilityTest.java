package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees from outside: Prometheus's metrics (for an ADMIN token) with the command
 * timings by type, the event store's appends, the views' lag and claims, the pool, HTTP by route
 * and status and the ledger's own counters; health with the processors' state for an ADMIN only;
 * readiness and liveness.
 */
class ObservabilityTest {

    private static final String ADMIN = "Bearer " + TestTokens.token("admin-1", "ADMIN", null);

    private static LedgerUnderTest ledger;
    private static String planId;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
        planId = ledger.registerPlan("obs-" + UUID.randomUUID().toString().substring(0, 8));
        for (int number = 1; number <= 2; number++) {
            String id = planId + "-" + number;
            assertThat(ledger.command("/api/v1/measures", """
                    {"planId":"%s","section":1,"number":%d,"title":"措施","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2030-10-31"}""".formatted(planId, number), "office-1",
                                      "SUPERVISOR").status()).isEqualTo(201);
            assertThat(ledger.command("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT")
                             .status()).isEqualTo(200);
        }
        // the same escalation twice with one key: the second is answered from the idempotency store
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            assertThat(ledger.commandWithKey("/api/v1/measures/" + planId + "-1/escalations",
                                             "{\"reason\":\"MANUAL\"}", "office-1", "SUPERVISOR", key).status())
                    .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30))
               .until(() -> ledger.query("/api/v1/measures/" + planId + "-1").json().path("escalationLevel").asInt() == 1);
        assertThat(ledger.query("/api/v1/audit/verify?measureId=" + planId + "-1").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private static String metrics(boolean commandService) {
        var response = ledger.request(commandService, "GET", "/actuator/prometheus", null, ADMIN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        try {   // kept for a reader of a failure
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", (commandService ? "command" : "query")
                                                                            + "-service.prometheus.txt"), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return response.body();
    }

    @Test
    void commandServiceShowsCommandTimingsByTypeAndItsOwnCounters() {
        String metrics = metrics(true);
        assertThat(metrics)
                // Axon: each command's handling time, by type; the event store's appends
                .containsPattern("commandBus_allTimer_seconds_count\\{[^}]*payloadType=\"AssignMeasure\"[^}]*} [1-9]")
                .containsPattern("commandBus_allTimer_seconds\\{[^}]*payloadType=\"SubmitImplementationPlan\",quantile=\"0\\.99\"")
                .containsPattern("commandBus_failureCounter_total\\{[^}]*payloadType=\"EscalateMeasure\"")
                .containsPattern("eventStore_allTimer_seconds_count\\{[^}]*payloadType=\"MeasureAssigned\"[^}]*} [1-9]")
                // the pool, HTTP by route and status
                .containsPattern("hikaricp_connections_active\\{")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"201\"[^}]*uri=\"/api/v1/measures\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"/api/v1/measures/\\{measureId}/plan\"")
                // the ledger's own
                .containsPattern("ledger_commands_idempotent_replays_total\\{[^}]*} 1\\.0")
                .containsPattern("ledger_escalations_raised_total\\{[^}]*reason=\"MANUAL\"[^}]*trigger=\"manual\"[^}]*} 1\\.0");
    }

    @Test
    void queryServiceShowsEachViewsLagClaimsAndStreams() {
        String metrics = metrics(false);
        assertThat(metrics)
                .containsPattern("ledger_projection_lag\\{[^}]*processor=\"measure-status\"[^}]*} \\d")
                .containsPattern("ledger_projection_lag\\{[^}]*processor=\"audit-trail\"")
                .containsPattern("ledger_projection_segments_claimed\\{[^}]*processor=\"measure-status\"[^}]*} 2\\.0")
                .containsPattern("eventProcessor_latency\\{[^}]*processorName=\"measure-status\"")
                .containsPattern("eventProcessor_allTimer_seconds_count\\{[^}]*payloadType=\"MeasureAssigned\",processorName=\"measure-status\"")
                .containsPattern("ledger_streams_open\\{[^}]*} 0\\.0")
                .containsPattern("ledger_chain_verifications_total\\{[^}]*result=\"intact\"[^}]*scope=\"measure\"[^}]*} 1\\.0")
                .containsPattern("hikaricp_connections_active\\{");
    }

    /**
     * On a database of its own: the node that fires deadlines would fire every overdue deadline of
     * the shared test database, the other tests' measures among them.
     */
    @Test
    void deadlinesFiredAreCounted(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).setPort(port).start();
             LedgerUnderTest own = new LedgerUnderTest("jdbc:postgresql://localhost:" + port + "/postgres")) {
            String plan = own.registerPlan("due-" + UUID.randomUUID().toString().substring(0, 8));
            String overdue = plan + "-9";
            assertThat(own.command("/api/v1/measures", """
                    {"planId":"%s","section":1,"number":9,"title":"措施","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(plan), "office-1", "SUPERVISOR")
                          .status()).isEqualTo(201);
            // a node that fires deadlines (the ledger's own first node leaves them alone)
            var node = own.startCommandNode("--ledger.deadlines.polling-interval=PT0.2S");
            await().atMost(Duration.ofSeconds(30)).until(() -> own.database().queryForObject(
                    "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?", Long.class,
                    overdue) == 2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.metrics(ADMIN))
                    .containsPattern("ledger_deadlines_fired_total\\{[^}]*deadline=\"overdue\"[^}]*} 1\\.0"));
        }
    }

    @Test
    void metricsAreForAnAdminOnly() {
        assertThat(ledger.request(true, "GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
        assertThat(ledger.request(false, "GET", "/actuator/prometheus", null,
                                  "Bearer " + TestTokens.token("reader-1", "READER", null)).status()).isEqualTo(403);
    }

    @Test
    void healthShowsTheProcessorsStateToAnAdminOnly() {
        JsonNode admin = ledger.request(false, "GET", "/actuator/health", null, ADMIN).json();
        JsonNode status = admin.at("/components/projections/components/measure-status/details");
        assertThat(status.path("lag").isNumber()).as(admin.toString()).isTrue();
        assertThat(status.path("running").asBoolean()).isTrue();
        assertThat(status.path("claims").size()).isEqualTo(2);

        for (String authorization : new String[]{null, "Bearer " + TestTokens.token("reader-1", "READER", null),
                "Bearer not-a-token"}) {
            var anybody = ledger.request(false, "GET", "/actuator/health", null, authorization);
            assertThat(anybody.status()).isEqualTo(200);
            assertThat(anybody.json().at("/components/projections/components/measure-status/status").asText())
                    .isEqualTo("UP");
            assertThat(anybody.body()).doesNotContain("\"details\"");
        }
    }

    @Test
    void bothServicesAreReadyAndLive() {
        for (boolean commandService : new boolean[]{true, false}) {
            for (String probe : new String[]{"/actuator/health/readiness", "/actuator/health/liveness"}) {
                var response = ledger.request(commandService, "GET", probe, null, null);
                assertThat(response.status()).as(probe).isEqualTo(200);
                assertThat(response.json().path("status").asText()).isEqualTo("UP");
            }
        }
    }
}
