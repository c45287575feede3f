package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Round trip over the real stack: ledger A (the seed plan, a few hundred commands, a replay) is
 * exported and restored into an empty ledger B on another database. B holds the same events,
 * positions, ids and bytes, gives the same digest, rebuilds equal views, answers an old
 * Idempotency-Key with the first answer, and fires a deadline that was pending in A.
 */
class ExportRestoreTest {

    private static final String ADMIN = "Bearer " + TestTokens.token("admin-1", "ADMIN", null);
    private static final String EVENTS = """
            SELECT global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
                   payload_type, payload_revision, encode(payload, 'hex') AS payload, encode(meta_data, 'hex') AS meta_data
            FROM event_store.domain_event_entry ORDER BY global_index""";

    @TempDir
    Path temp;

    @Test
    void aRestoredLedgerIsTheSameLedger() throws Exception {
        Path export = temp.resolve("export");
        String planId = "rt";
        String measureWithDeadline = planId + "-1";
        LedgerUnderTest.Response first;
        String retried;
        long lastPosition;
        String digest;
        List<Map<String, Object>> eventsOfA;
        List<Map<String, Object>> statusOfA;
        List<Map<String, Object>> auditOfA;
        try (LedgerUnderTest a = new LedgerUnderTest(TestDatabase.jdbcUrl("round_trip_a"))) {
            String seed = Files.readString(Path.of("..", "seeds", "guangdong-2016-rectification-plan.txt"));
            var imported = a.request(true, "POST", "/api/v1/plans/import?planId=gd-2016", null,
                                     "Bearer " + TestTokens.token("office-1", "SUPERVISOR", null), seed);
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            a.registerPlan(planId);
            for (int number = 1; number <= 40; number++) {
                String id = planId + "-" + number;
                created(a.command("/api/v1/measures", """
                        {"planId":"%s","section":1,"number":%d,"title":"措施%d","leaders":["朱小丹"],
                         "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId, number, number),
                             "office-1", "SUPERVISOR"));
                done(a.command("/api/v1/measures/" + id + "/plan", """
                        {"summary":"方案","milestones":[{"title":"第一步","dueDate":"2016-06-30"}]}""", "clerk-1", "UNIT"));
                for (int report = 1; report <= 3; report++) {
                    done(a.command("/api/v1/measures/" + id + "/progress",
                                 "{\"percentComplete\":" + report * 20 + ",\"summary\":\"进展" + report + "\"}",
                                 "clerk-1", "UNIT"));
                }
                if (number % 5 == 0) {
                    done(a.command("/api/v1/measures/" + id + "/escalations", "{\"reason\":\"OVERDUE\"}", "office-1",
                                 "SUPERVISOR"));
                }
            }
            retried = "{\"percentComplete\":70,\"summary\":\"重试\"}";
            first = a.commandWithKey("/api/v1/measures/" + planId + "-2/progress", retried, "clerk-1", "UNIT", "k-42");
            done(first);
            assertThat(a.admin("/api/v1/admin/projections/replay").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(90)).until(() -> caughtUp(a));

            var exported = a.request(true, "POST", "/api/v1/admin/export",
                                     "{\"directory\":\"" + export + "\"}", ADMIN);
            assertThat(exported.status()).as(exported.body()).isEqualTo(200);
            JsonNode manifest = exported.json();
            lastPosition = manifest.at("/events/lastPosition").asLong();
            digest = manifest.at("/digest/value").asText();
            assertThat(a.query("/api/v1/audit/digest?position=" + lastPosition).json().get("digest").asText())
                    .isEqualTo(digest);
            assertThat(manifest.at("/events/count").asLong()).isEqualTo(241);
            assertThat(scheduled(a.database(), measureWithDeadline)).isPositive();
            eventsOfA = a.database().queryForList(EVENTS);
            statusOfA = rows(a.database(), "SELECT * FROM query_view.measure_status ORDER BY measure_id");
            auditOfA = rows(a.database(), "SELECT * FROM query_view.audit_trail ORDER BY global_position");
        }

        try (LedgerUnderTest b = new LedgerUnderTest(TestDatabase.jdbcUrl("round_trip_b"))) {
            JdbcTemplate database = b.database();
            var restored = b.request(true, "POST", "/api/v1/admin/restore", "{\"directory\":\"" + export + "\"}", ADMIN);
            assertThat(restored.status()).as(restored.body()).isEqualTo(200);
            assertThat(restored.json().get("digest").asText()).isEqualTo(digest);

            assertThat(database.queryForList(EVENTS)).isEqualTo(eventsOfA);
            assertThat(b.query("/api/v1/audit/digest?position=" + lastPosition).json().get("digest").asText())
                    .isEqualTo(digest);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(rows(database, "SELECT * FROM query_view.measure_status ORDER BY measure_id"))
                        .isEqualTo(statusOfA);
                assertThat(rows(database, "SELECT * FROM query_view.audit_trail ORDER BY global_position"))
                        .isEqualTo(auditOfA);
            });

            // the old key still answers with the first answer, and appends nothing
            var again = b.commandWithKey("/api/v1/measures/" + planId + "-2/progress", retried, "clerk-1", "UNIT", "k-42");
            assertThat(again.status()).isEqualTo(first.status());
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(database.queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry",
                                               Long.class)).isEqualTo(lastPosition);
            // a new command continues after the restored positions
            done(b.command("/api/v1/measures/" + planId + "-3/progress", "{\"percentComplete\":90,\"summary\":\"新\"}",
                         "clerk-1", "UNIT"));
            assertThat(database.queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry",
                                               Long.class)).isGreaterThan(lastPosition);

            // the deadline pending in A (A ran without firing deadlines) fires in B once a node polls: urged
            long urgings = urgings(database, measureWithDeadline);
            assertThat(scheduled(database, measureWithDeadline)).isPositive();
            b.startCommandNode();
            await().atMost(Duration.ofSeconds(60))
                   .until(() -> urgings(database, measureWithDeadline) > urgings);
        }
    }

    /** The rows, arrays and bytes read as values (the driver's objects do not compare by value). */
    private static List<Map<String, Object>> rows(JdbcTemplate jdbc, String sql) {
        return jdbc.query(sql, (rs, n) -> {
            Map<String, Object> row = new java.util.TreeMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = rs.getObject(i);
                if (value instanceof java.sql.Array array) {
                    value = List.of((Object[]) array.getArray());
                } else if (value instanceof byte[] bytes) {
                    value = java.util.HexFormat.of().formatHex(bytes);
                } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
                    value = value.toString();
                }
                row.put(rs.getMetaData().getColumnName(i), value);
            }
            return row;
        });
    }


    private static boolean caughtUp(LedgerUnderTest ledger) {
        JsonNode projections = ledger.adminGet("/api/v1/admin/projections").json();
        for (JsonNode projection : projections) {
            if (projection.get("replaying").asBoolean() || projection.get("lag").asLong() > 0
                || !projection.get("running").asBoolean()) {
                return false;
            }
        }
        return projections.size() == 2;
    }

    private static long scheduled(JdbcTemplate jdbc, String measureId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.scheduled_tasks WHERE encode(task_data, 'escape') LIKE ?",
                                   Long.class, "%" + measureId + "%");
    }

    private static long urgings(JdbcTemplate jdbc, String measureId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?"
                                   + " AND payload_type = 'MeasureUrged'", Long.class, measureId);
    }
}
