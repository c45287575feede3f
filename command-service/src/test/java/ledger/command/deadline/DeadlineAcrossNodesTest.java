package ledger.command.deadline;

import ledger.command.CommandServiceApplication;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command-service nodes, both polling for deadlines on one database: a deadline that falls
 * due fires on one of them only (db-scheduler claims the task in the table), so the measure is
 * escalated by the system once, and at once, although the node that fires it holds a stale
 * cached copy of the measure (a third node moved it on).
 */
class DeadlineAcrossNodesTest {

    /** The clock both nodes run on; the test moves it. */
    static final DeadlineRestartTest.MovableClock CLOCK =
            new DeadlineRestartTest.MovableClock(Instant.parse("2031-03-01T00:00:00Z"));

    @Configuration
    static class TestClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Test
    void aDeadlineDueOnTwoNodesFiresOnce() {
        String planId = "dn-" + UUID.randomUUID().toString().substring(0, 8);
        String measureId = planId + "-1";
        try (ConfigurableApplicationContext nodeA = start(true); ConfigurableApplicationContext nodeB = start(true);
             ConfigurableApplicationContext writer = start(false)) {
            LedgerApiTest.registerPlan(nodeA, planId);
            var assigned = client(nodeA).as("office-1", "SUPERVISOR", null).post("/api/v1/measures", """
                    {"planId":"%s","section":1,"number":1,"title":"措施","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2031-03-10"}""".formatted(planId));
            assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
            var plan = client(nodeB).as("clerk-1", "UNIT", "省府办公厅").post(
                    "/api/v1/measures/" + measureId + "/plan", """
                    {"summary":"分三步实施","milestones":[],"responsiblePersons":["王五"]}""");
            assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
            // a third node moves the measure on: the copies both deadline nodes cached are stale now
            var report = client(writer).as("clerk-1", "UNIT", "省府办公厅").post(
                    "/api/v1/measures/" + measureId + "/progress", """
                    {"percentComplete":10,"summary":"启动"}""");
            assertThat(report.status()).as(report.toString()).isEqualTo(200);

            JdbcTemplate jdbc = nodeB.getBean(JdbcTemplate.class);
            CLOCK.set(Instant.parse("2031-03-12T00:00:00Z"));
            // the due date passed: the system urges (催办), once
            await().atMost(Duration.ofSeconds(30)).until(() -> urgings(jdbc, measureId) == 1);
            // both nodes keep polling at 0.2 s: it stays one
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                   .until(() -> urgings(jdbc, measureId) == 1);
            String metadata = jdbc.queryForObject("""
                    SELECT convert_from(meta_data, 'UTF8') FROM event_store.domain_event_entry
                    WHERE aggregate_identifier = ? AND payload_type = 'MeasureUrged'""", String.class, measureId);
            assertThat(metadata).contains("\"actorId\":\"system\"");
        }
    }

    private static ConfigurableApplicationContext start(boolean deadlines) {
        return CommandServiceApplication.application()
                .sources(TestClock.class)
                .run("--server.port=0",
                     // its own database: the other tests' measures, due in 2016, must not fire here
                     "--spring.datasource.url=" + TestDatabase.jdbcUrl("deadlines_two_nodes"),
                     "--spring.datasource.username=" + TestDatabase.USER,
                     "--spring.datasource.password=" + TestDatabase.PASSWORD,
                     "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
                     "--ledger.deadlines.polling-interval=PT0.2S",
                     "--ledger.deadlines.enabled=" + deadlines);
    }

    private static ApiClient client(ConfigurableApplicationContext node) {
        return new ApiClient("http://localhost:" + node.getEnvironment().getProperty("local.server.port"));
    }

    private static long urgings(JdbcTemplate jdbc, String measureId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry"
                                   + " WHERE aggregate_identifier = ? AND payload_type = 'MeasureUrged'",
                                   Long.class, measureId);
    }
}
