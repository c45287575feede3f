package ledger.command.deadline;

import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines stored before their payloads had logical names (rows of
 * {@code event_store.scheduled_tasks} as the service wrote them, payloads under Java class names,
 * kept in {@code deadlines/stored-with-class-names.tsv}) are still read, and fire: the reminder
 * when its day comes, the urging when the due date has passed.
 */
class StoredDeadlineRowsTest {

    static final DeadlineRestartTest.MovableClock CLOCK =
            new DeadlineRestartTest.MovableClock(Instant.parse("2030-06-01T00:00:00Z"));

    private static final String MEASURE = "stored-deadline-1";

    private record Row(String taskName, String taskInstance, Instant executionTime, byte[] taskData) {
    }

    @Test
    void rowsStoredWithClassNamesFireAfterTheChange() throws Exception {
        List<Row> stored = storedRows();
        assertThat(stored).extracting(row -> details(row.taskData()).getPc())
                          .containsExactlyInAnyOrder("ledger.command.measure.MeasureDeadlines$DueDatePassed",
                                                     "ledger.command.measure.MeasureDeadlines$Reminder",
                                                     "ledger.command.measure.MeasureDeadlines$Reminder");

        try (ConfigurableApplicationContext service = DeadlineRestartTest.start(CLOCK, "stored_deadlines")) {
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            ApiClient office = new ApiClient("http://localhost:" + service.getEnvironment().getProperty("local.server.port"))
                    .as("office-1", "SUPERVISOR", null);
            LedgerApiTest.registerPlan(service, "stored-deadline");
            var assigned = office.post("/api/v1/measures", """
                    {"planId":"stored-deadline","section":1,"number":1,"title":"措施","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2030-06-10"}""");
            assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
            // what the service writes now: logical names
            List<byte[]> written = jdbc.queryForList("SELECT task_data FROM event_store.scheduled_tasks", byte[].class);
            assertThat(written).extracting(data -> details(data).getPc())
                               .containsExactlyInAnyOrder("deadline.DueDatePassed", "deadline.Reminder",
                                                          "deadline.Reminder");

            // which it replaces by the same deadlines as it stored them before
            jdbc.update("DELETE FROM event_store.scheduled_tasks");
            for (Row row : stored) {
                jdbc.update("""
                        INSERT INTO event_store.scheduled_tasks (task_name, task_instance, task_data, execution_time,
                                                                 picked, version)
                        VALUES (?, ?, ?, ?, false, 1)""", row.taskName(), row.taskInstance(), row.taskData(),
                            Timestamp.from(row.executionTime()));
            }

            CLOCK.set(Instant.parse("2030-06-05T00:00:00Z"));   // the 7-day reminder's day has come
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, "MeasureReminded") == 1);
            CLOCK.set(Instant.parse("2030-06-12T00:00:00Z"));   // the due date has passed
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, "MeasureUrged") == 1
                                                              && count(jdbc, "MeasureReminded") == 2);
        }
    }

    private static List<Row> storedRows() throws IOException {
        try (InputStream in = StoredDeadlineRowsTest.class.getResourceAsStream("/deadlines/stored-with-class-names.tsv")) {
            DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssX");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .map(f -> new Row(f[0], f[1], OffsetDateTime.parse(f[2], format).toInstant(),
                                      Base64.getDecoder().decode(f[3])))
                    .toList();
        }
    }

    /** db-scheduler keeps a task's data Java-serialized; Axon's details hold the payload's stored type name. */
    private static DbSchedulerBinaryDeadlineDetails details(byte[] taskData) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(taskData))) {
            return (DbSchedulerBinaryDeadlineDetails) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(JdbcTemplate jdbc, String type) {
        return DeadlineRestartTest.count(jdbc, MEASURE, type);
    }
}
