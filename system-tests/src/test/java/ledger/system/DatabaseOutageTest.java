package ledger.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away under running services and comes back on the same data: meanwhile both
 * services answer 503 problem+json with Retry-After (never 500) and write nothing; afterwards they
 * reconnect by themselves, and what was acknowledged before is still there.
 */
class DatabaseOutageTest {

    @TempDir
    Path data;

    @Test
    void whileTheDatabaseIsDownBothServicesAnswer503AndAfterwardsCarryOn() throws Exception {
        int port = freePort();
        EmbeddedPostgres postgres = start(port);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (LedgerUnderTest ledger = new LedgerUnderTest(url)) {
            String planId = ledger.registerPlan("out-" + UUID.randomUUID().toString().substring(0, 8));
            created(ledger.command("/api/v1/measures", assign(planId, 1), "office-1", "SUPERVISOR"));
            await().atMost(Duration.ofSeconds(30))
                   .until(() -> ledger.query("/api/v1/measures/" + planId + "-1").status() == 200);

            postgres.close();

            var command = ledger.command("/api/v1/measures", assign(planId, 2), "office-1", "SUPERVISOR");
            unavailable(command);
            unavailable(ledger.query("/api/v1/measures/" + planId + "-1"));
            unavailable(ledger.query("/api/v1/audit/events?after=0&limit=10"));
            // neither service is ready (a load balancer sends them nothing), both stay alive (no restart)
            for (boolean commandService : new boolean[]{true, false}) {
                assertThat(ledger.request(commandService, "GET", "/actuator/health/readiness", null, null).status())
                        .isEqualTo(503);
                assertThat(ledger.request(commandService, "GET", "/actuator/health/liveness", null, null).status())
                        .isEqualTo(200);
            }

            postgres = start(port);
            // the pools notice the broken connections and open new ones; no restart of the services
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> created(ledger.command("/api/v1/measures", assign(planId, 2), "office-1", "SUPERVISOR")));
            await().atMost(Duration.ofSeconds(90))
                   .until(() -> ledger.query("/api/v1/measures/" + planId + "-2").status() == 200);
            assertThat(ledger.query("/api/v1/measures/" + planId + "-1").status()).isEqualTo(200);
            for (boolean commandService : new boolean[]{true, false}) {
                assertThat(ledger.request(commandService, "GET", "/actuator/health/readiness", null, null).status())
                        .isEqualTo(200);
            }
            assertThat(ledger.database().queryForObject(
                    "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier LIKE ?",
                    Long.class, planId + "-%")).isEqualTo(2);
        } finally {
            postgres.close();
        }
    }

    private EmbeddedPostgres start(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static void unavailable(LedgerUnderTest.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
    }


    private static String assign(String planId, int number) {
        return """
                {"planId":"%s","section":1,"number":%d,"title":"措施","leaders":["朱小丹"],
                 "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId, number);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
