package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The office's chain on the real stack, with the seed plan and a clock the test moves: imported on
 * 2016-03-25, measure 2 (due 2016-03-31, 2016年第一季度) is reminded at once and measure 1 (每季度) has a
 * report due for 2016Q1; the 1-day reminders fall due while command-service is down and fire once
 * when it is back; on 2016-04-01 measure 2 is urged and measure 1's 2016Q1 is recorded missed. The
 * status view, the dashboards and the audit trail show every step, by the actor "system".
 */
class SupervisionChainTest {

    /** The clock of the command-service nodes the test starts; the test moves it. */
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2016-03-25T02:00:00Z"));   // 10:00 in Shanghai

    @Configuration
    static class TestClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    private static final String[] DEADLINES = {"--ledger.deadlines.enabled=true",
                                               "--ledger.deadlines.polling-interval=PT0.2S"};

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theSeedPlanIsRemindedUrgedAndRecordedMissedAcrossARestart() throws Exception {
        try (LedgerUnderTest ledger = new LedgerUnderTest(TestDatabase.jdbcUrl("supervision_chain"))) {
            JdbcTemplate store = ledger.database();
            LedgerUnderTest.CommandNode node = ledger.startCommandNode(TestClock.class, DEADLINES);
            String seed = Files.readString(Path.of("..", "seeds", "guangdong-2016-rectification-plan.txt"));
            HttpResponse<String> imported = http.send(
                    HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/plans/import?planId=gd-2016"))
                               .header("Content-Type", "text/plain; charset=UTF-8")
                               .header("Authorization", "Bearer " + TestTokens.token("office-1", "SUPERVISOR", null))
                               .POST(HttpRequest.BodyPublishers.ofString(seed)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);

            // at once after the import: measure 2's due date 7 days ahead, measure 1's first quarter report
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(store.queryForObject(
                    "SELECT count(*) FROM event_store.domain_event_entry WHERE payload_type = 'MeasureReminded'",
                    Long.class)).as("reminders; pending deadlines: %s", pending(store)).isEqualTo(2));
            assertThat(payloads(store, "gd-2016-2", "MeasureReminded"))
                    .containsExactly("DUE_DATE 2016-03-31 7");
            assertThat(payloads(store, "gd-2016-1", "MeasureReminded"))
                    .containsExactly("PERIODIC_REPORT 2016Q1 2016-03-31 7");
            assertThat(store.queryForObject("SELECT count(*) FROM event_store.domain_event_entry"
                                            + " WHERE payload_type = 'MeasureReminded'", Long.class)).isEqualTo(2);

            // down over 2016-03-30 (Shanghai), when the 1-day reminders fall due
            node.stop();
            CLOCK.set(Instant.parse("2016-03-30T02:00:00Z"));
            node = ledger.startCommandNode(TestClock.class, DEADLINES);
            await().atMost(Duration.ofSeconds(60))
                   .until(() -> payloads(store, "gd-2016-2", "MeasureReminded").size() == 2);
            // once, however often the node polls
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                   .until(() -> payloads(store, "gd-2016-2", "MeasureReminded").size() == 2
                                && payloads(store, "gd-2016-1", "MeasureReminded").size() == 2);
            assertThat(payloads(store, "gd-2016-2", "MeasureReminded"))
                    .containsExactly("DUE_DATE 2016-03-31 7", "DUE_DATE 2016-03-31 1");

            // 2016-04-01: measure 2 urged, measure 1's first quarter missed (once) and urged
            CLOCK.set(Instant.parse("2016-04-01T01:00:00Z"));
            await().atMost(Duration.ofSeconds(60)).until(() -> payloads(store, "gd-2016-2", "MeasureUrged").size() == 1
                                                               && payloads(store, "gd-2016-1", "MeasureUrged").size() == 1);
            assertThat(payloads(store, "gd-2016-2", "MeasureUrged")).containsExactly("DUE_DATE 2016-03-31");
            assertThat(payloads(store, "gd-2016-1", "ReportPeriodMissed")).containsExactly("2016Q1 2016-03-31 1 0");
            assertThat(payloads(store, "gd-2016-1", "MeasureUrged")).containsExactly("PERIODIC_REPORT 2016Q1 2016-03-31");
            assertThat(store.queryForList("""
                    SELECT DISTINCT convert_from(meta_data, 'UTF8')::jsonb ->> 'actorId' FROM event_store.domain_event_entry
                    WHERE payload_type IN ('MeasureReminded', 'MeasureUrged', 'ReportPeriodMissed')""", String.class))
                    .containsExactly("system");

            // the views: measure 2's row, its timeline, the units' and leaders' dashboards
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode measure = ledger.query("/api/v1/measures/gd-2016-2").json();
                assertThat(measure.get("reminders").asInt()).isEqualTo(2);
                assertThat(measure.get("urgings").asInt()).isEqualTo(1);
                assertThat(measure.get("escalations").asInt()).isZero();
            });
            List<String> timeline = new ArrayList<>();
            for (JsonNode entry : ledger.query("/api/v1/measures/gd-2016-2/history").json().get("events")) {
                timeline.add(entry.get("type").asText() + " " + entry.at("/actor/id").asText());
            }
            assertThat(timeline).containsExactly("MeasureAssigned office-1", "MeasureReminded system",
                                                 "MeasureReminded system", "MeasureUrged system");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(chain(ledger.query("/api/v1/dashboard/units?planId=gd-2016").json(), "省政府办公厅"))
                        .isEqualTo("4/2/0");
                assertThat(chain(ledger.query("/api/v1/dashboard/leaders?planId=gd-2016").json(), "朱小丹"))
                        .isEqualTo("4/2/0");
            });
        }
    }

    /** The measure's events of a type, their payloads' fields that tell them apart, in order. */
    private static List<String> payloads(JdbcTemplate store, String measureId, String type) {
        return store.queryForList("""
                SELECT concat_ws(' ', p ->> 'obligation', p ->> 'period', p ->> 'item', p ->> 'dueDate', p ->> 'periodEnd',
                                 p ->> 'leadDays', p ->> 'required', p ->> 'reported')
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p, sequence_number
                      FROM event_store.domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?) e
                ORDER BY sequence_number""", String.class, measureId, type);
    }

    /** The deadlines pending, when they are due and whether they failed: what a failure shows. */
    private static List<String> pending(JdbcTemplate store) {
        return store.queryForList("""
                SELECT concat_ws(' ', execution_time, picked, consecutive_failures, last_failure,
                                 substring(encode(task_data, 'escape') from 'gd-2016-[0-9]+'))
                FROM event_store.scheduled_tasks ORDER BY execution_time LIMIT 12""", String.class);
    }

    /** Reminders/urgings/escalations of a dashboard's row. */
    private static String chain(JsonNode dashboard, String name) {
        for (JsonNode row : dashboard.get("rows")) {
            if (row.get("name").asText().equals(name)) {
                return row.get("reminders").asText() + "/" + row.get("urgings").asText() + "/"
                       + row.get("escalations").asText();
            }
        }
        throw new AssertionError("no row " + name + " in " + dashboard);
    }

    /**
     * A clock the test sets, running on from there at the real pace: db-scheduler waits between two
     * polls until its clock has moved on by the polling interval, so a clock that stood still would
     * poll once at start only. Thread-safe.
     */
    static final class MovableClock extends Clock {
        private record Setting(Instant at, long nanos) {
        }

        private volatile Setting setting;

        MovableClock(Instant start) {
            set(start);
        }

        void set(Instant instant) {
            setting = new Setting(instant, System.nanoTime());
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
            Setting current = setting;
            return current.at().plusNanos(System.nanoTime() - current.nanos());
        }
    }
}
