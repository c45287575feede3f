package ledger.command.deadline;

import ledger.command.CommandServiceApplication;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.messages.eventstore.EventChain;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deadline scheduled before a restart fires after it, exactly once: the measure is assigned,
 * the service stops, the clock moves past the reminder's time while it is down, a new one starts,
 * and one reminder (by the system) is appended; then the due date passes and one urging follows.
 */
class DeadlineRestartTest {

    /** The clock both service instances run on; the test moves it. */
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2030-06-01T00:00:00Z"));

    @Test
    void aReminderDueWhileTheServiceIsDownFiresOnceAfterItComesBack() {
        String planId = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        String measureId = planId + "-1";

        try (ConfigurableApplicationContext service = start()) {
            ApiClient office = client(service).as("office-1", "SUPERVISOR", null);
            LedgerApiTest.registerPlan(service, planId);
            var assigned = office.post("/api/v1/measures", """
                    {"planId":"%s","section":1,"number":1,"title":"措施","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2030-06-10"}""".formatted(planId));
            assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
            // the due date and its reminders 7 and 1 days before
            assertThat(scheduled(service, measureId)).isEqualTo(3);
            assertThat(count(service.getBean(JdbcTemplate.class), measureId, "MeasureReminded")).isZero();
        }

        // while the service is down, the 7-day reminder (2030-06-03 in Shanghai) comes due
        CLOCK.set(Instant.parse("2030-06-05T00:00:00Z"));
        try (ConfigurableApplicationContext restarted = start()) {
            JdbcTemplate jdbc = restarted.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, measureId, "MeasureReminded") == 1);
            // and it stays one: the deadline is spent
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                   .until(() -> count(jdbc, measureId, "MeasureReminded") == 1);
            String metadata = jdbc.queryForObject("""
                    SELECT convert_from(meta_data, 'UTF8') FROM event_store.domain_event_entry
                    WHERE aggregate_identifier = ? AND payload_type = 'MeasureReminded'""", String.class, measureId);
            assertThat(metadata).contains("\"actorId\":\"system\"").contains("\"actorRole\":\"SYSTEM\"");
            assertThat(EventChain.storedHash(metadata.getBytes())).isNotNull();

            // past the due date: the 1-day reminder, then one urging
            CLOCK.set(Instant.parse("2030-06-12T00:00:00Z"));
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, measureId, "MeasureUrged") == 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                   .until(() -> count(jdbc, measureId, "MeasureUrged") == 1
                                && count(jdbc, measureId, "MeasureReminded") == 2);
        }
    }

    private static ConfigurableApplicationContext start() {
        // its own database: the other tests' measures, due in 2016, must not fire here
        return start(CLOCK, "deadlines");
    }

    /** The service on a clock of the test's (its primary Clock), with deadlines firing, on a database of its own. */
    static ConfigurableApplicationContext start(Clock clock, String database) {
        return CommandServiceApplication.application()
                .initializers(context -> ((GenericApplicationContext) context).registerBean(
                        "movableClock", Clock.class, () -> clock, definition -> definition.setPrimary(true)))
                .run("--server.port=0",
                     "--spring.datasource.url=" + TestDatabase.jdbcUrl(database),
                     "--spring.datasource.username=" + TestDatabase.USER,
                     "--spring.datasource.password=" + TestDatabase.PASSWORD,
                     "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
                     "--ledger.deadlines.polling-interval=PT0.2S");
    }

    private static ApiClient client(ConfigurableApplicationContext service) {
        return new ApiClient("http://localhost:" + service.getEnvironment().getProperty("local.server.port"));
    }

    private static long scheduled(ConfigurableApplicationContext service, String measureId) {
        return service.getBean(JdbcTemplate.class).queryForObject(
                "SELECT count(*) FROM event_store.scheduled_tasks WHERE encode(task_data, 'escape') LIKE ?", Long.class,
                "%" + measureId + "%");
    }

    static long count(JdbcTemplate jdbc, String measureId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry"
                                   + " WHERE aggregate_identifier = ? AND payload_type = ?", Long.class, measureId, type);
    }

    /** A clock the test sets; thread-safe. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
