package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an auditor can prove: histories with their chain hashes, any alteration made directly in
 * PostgreSQL found and named, digests that later states still check against, and the state of a
 * measure at any instant.
 */
class AuditTest {

    private static LedgerUnderTest ledger;
    private static JdbcTemplate database;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
        database = ledger.database();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    /** A measure with five events: assigned, plan, progress 60, progress 100, escalated. */
    /**
     * Until the audit feed's high-water mark reaches the newest event: it moves on once no
     * transaction that could still commit below it is open (docs/AUDIT.md), within a tick.
     */
    private static void awaitFeedAtHead() {
        long head = database.queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry", Long.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(
                () -> ledger.query("/api/v1/audit/events?after=0&limit=1").json().get("settledPosition").asLong() >= head);
    }

    private static String measureWithHistory() {
        String planId = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        String id = planId + "-1";
        ledger.registerPlan(planId);
        created(ledger.command("/api/v1/measures", """
                {"planId":"%s","section":1,"number":1,"title":"措施","leaders":["朱小丹"],"leadUnits":["省府办公厅"],
                 "dueDate":"2016-10-31"}""".formatted(planId), "office-1", "SUPERVISOR"));
        done(ledger.command("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT"));
        done(ledger.command("/api/v1/measures/" + id + "/progress", "{\"percentComplete\":60,\"summary\":\"过半\"}",
                                "clerk-1", "UNIT"));
        done(ledger.command("/api/v1/measures/" + id + "/progress", "{\"percentComplete\":100,\"summary\":\"完成\"}",
                                "clerk-1", "UNIT"));
        done(ledger.command("/api/v1/measures/" + id + "/escalations", "{\"reason\":\"MANUAL\"}", "office-1",
                                "SUPERVISOR"));
        return id;
    }


    private static JsonNode verify(String measureId) {
        var response = ledger.query("/api/v1/audit/verify" + (measureId == null ? "" : "?measureId=" + measureId));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Map<String, Object>> rowsOf(String measureId) {
        return database.queryForList("SELECT * FROM event_store.domain_event_entry WHERE aggregate_identifier = ?"
                                     + " ORDER BY sequence_number", measureId);
    }

    /** Puts a measure's rows back as they were, as after a restore from backup. */
    private static void restore(String measureId, List<Map<String, Object>> rows) {
        database.update("DELETE FROM event_store.domain_event_entry WHERE aggregate_identifier = ?", measureId);
        for (Map<String, Object> row : rows) {
            database.update("""
                    INSERT INTO event_store.domain_event_entry (global_index, aggregate_identifier, sequence_number,
                        type, event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                            row.get("global_index"), row.get("aggregate_identifier"), row.get("sequence_number"),
                            row.get("type"), row.get("event_identifier"), row.get("meta_data"), row.get("payload"),
                            row.get("payload_revision"), row.get("payload_type"), row.get("time_stamp"));
        }
    }

    private static void assertBrokenAt(String measureId, long sequence) {
        JsonNode result = verify(measureId);
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBroken").get("aggregateId").asText()).isEqualTo(measureId);
        assertThat(result.get("firstBroken").get("sequence").asLong()).isEqualTo(sequence);
        assertThat(result.get("firstBroken").get("problem").asText()).isNotBlank();
    }

    private static void alter(String measureId, long sequence, String column, String from, String to) {
        int changed = database.update("UPDATE event_store.domain_event_entry SET " + column + " = convert_to(replace("
                                      + "convert_from(" + column + ", 'UTF8'), ?, ?), 'UTF8')"
                                      + " WHERE aggregate_identifier = ? AND sequence_number = ?",
                                      from, to, measureId, sequence);
        assertThat(changed).isEqualTo(1);
    }

    @Test
    void anUntouchedLedgerIsIntactAndHistoriesCarryTheirChain() {
        String id = measureWithHistory();
        assertThat(verify(id).get("intact").asBoolean()).isTrue();
        assertThat(verify(id).get("eventsChecked").asLong()).isEqualTo(5);
        JsonNode whole = verify(null);
        assertThat(whole.get("intact").asBoolean()).as(whole.toString()).isTrue();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode events = ledger.query("/api/v1/measures/" + id + "/history").json().get("events");
            assertThat(events).hasSize(5);
            JsonNode progress = events.get(2);
            assertThat(progress.get("type").asText()).isEqualTo("ProgressReported");
            assertThat(progress.get("revision").asText()).isEqualTo("2");
            assertThat(progress.get("globalPosition").asLong()).isPositive();
            assertThat(progress.get("chainHash").asText()).matches("[0-9a-f]{64}");
            assertThat(progress.get("actor").get("id").asText()).isEqualTo("clerk-1");
        });
    }

    @Test
    void anAlteredPayloadIsFoundAndNamed() {
        String id = measureWithHistory();
        var rows = rowsOf(id);
        try {
            alter(id, 2, "payload", "\"percentComplete\":60", "\"percentComplete\":90");
            assertBrokenAt(id, 2);
            assertThat(verify(null).get("intact").asBoolean()).isFalse();
        } finally {
            restore(id, rows);
        }
        assertThat(verify(id).get("intact").asBoolean()).isTrue();
    }

    @Test
    void alteredMetadataIsFoundAndNamed() {
        String id = measureWithHistory();
        var rows = rowsOf(id);
        try {
            alter(id, 1, "meta_data", "\"actorId\":\"clerk-1\"", "\"actorId\":\"office-1\"");
            assertBrokenAt(id, 1);
        } finally {
            restore(id, rows);
        }
    }

    @Test
    void aDeletedEventIsFoundAndNamed() {
        String id = measureWithHistory();
        var rows = rowsOf(id);
        try {
            database.update("DELETE FROM event_store.domain_event_entry WHERE aggregate_identifier = ?"
                            + " AND sequence_number = 2", id);
            assertBrokenAt(id, 3);
            assertThat(verify(id).get("firstBroken").get("problem").asText()).contains("expected sequence 2");
        } finally {
            restore(id, rows);
        }
    }

    @Test
    void swappedSequenceNumbersAreFoundAndNamed() {
        String id = measureWithHistory();
        var rows = rowsOf(id);
        try {
            database.update("UPDATE event_store.domain_event_entry SET sequence_number = -1"
                            + " WHERE aggregate_identifier = ? AND sequence_number = 2", id);
            database.update("UPDATE event_store.domain_event_entry SET sequence_number = 2"
                            + " WHERE aggregate_identifier = ? AND sequence_number = 3", id);
            database.update("UPDATE event_store.domain_event_entry SET sequence_number = 3"
                            + " WHERE aggregate_identifier = ? AND sequence_number = -1", id);
            assertBrokenAt(id, 2);
        } finally {
            restore(id, rows);
        }
    }

    @Test
    void anOldDigestStillChecksAgainstTheNewStateUntilHistoryIsAltered() {
        String id = measureWithHistory();
        awaitFeedAtHead();
        JsonNode noted = ledger.query("/api/v1/audit/digest").json();
        long position = noted.get("position").asLong();
        String digest = noted.get("digest").asText();
        assertThat(noted.get("intact").asBoolean()).isTrue();

        // the ledger moves on
        String later = measureWithHistory();
        done(ledger.command("/api/v1/measures/" + id + "/escalations/resolve", "{}", "office-1", "SUPERVISOR"));
        awaitFeedAtHead();
        assertThat(ledger.query("/api/v1/audit/digest").json().get("digest").asText()).isNotEqualTo(digest);
        JsonNode check = ledger.query("/api/v1/audit/digest/verify?position=" + position + "&digest=" + digest).json();
        assertThat(check.get("matches").asBoolean()).as(check.toString()).isTrue();

        // an event below the noted position is altered: the noted digest no longer checks
        var rows = rowsOf(id);
        try {
            alter(id, 0, "payload", "措施", "措施（改）");
            assertThat(ledger.query("/api/v1/audit/digest/verify?position=" + position + "&digest=" + digest)
                             .json().get("matches").asBoolean()).isFalse();
        } finally {
            restore(id, rows);
        }
        // the last event of a measure below the position is removed: no chain can tell, the digest can
        var laterRows = rowsOf(later);
        try {
            database.update("DELETE FROM event_store.domain_event_entry WHERE aggregate_identifier = ?"
                            + " AND sequence_number = 4", id);
            assertThat(ledger.query("/api/v1/audit/digest/verify?position=" + position + "&digest=" + digest)
                             .json().get("matches").asBoolean()).isFalse();
        } finally {
            restore(id, rows);
            restore(later, laterRows);
        }
        assertThat(ledger.query("/api/v1/audit/digest/verify?position=" + position + "&digest=" + digest)
                         .json().get("matches").asBoolean()).isTrue();
    }

    @Test
    void theStateAtAnyInstantIsTheStateItsEventsHadProducedByThen() {
        String id = measureWithHistory();
        awaitFeedAtHead();
        JsonNode page = ledger.query("/api/v1/audit/events?limit=10000").json();
        List<Instant> times = new ArrayList<>();
        page.get("events").forEach(e -> {
            if (e.get("aggregateId").asText().equals(id)) {
                times.add(Instant.parse(e.get("occurredAt").asText()));
            }
        });
        assertThat(times).hasSize(5);
        String[] status = {"ASSIGNED", "PLAN_SUBMITTED", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS"};
        int[] percent = {0, 0, 60, 100, 100};
        int[] escalation = {0, 0, 0, 0, 1};

        assertThat(ledger.query("/api/v1/measures/" + id + "/state?asOf=" + times.get(0).minusMillis(1)).status())
                .isEqualTo(404);
        for (int i = 0; i < times.size(); i++) {
            Instant at = times.get(i);
            Instant next = i + 1 < times.size() ? times.get(i + 1) : at.plusSeconds(60);
            // between this event and the next (or exactly at it, when they share a millisecond)
            Instant between = next.isAfter(at.plusMillis(1)) ? at.plusMillis(1) : at;
            int expected = lastAtOrBefore(times, between);
            JsonNode state = ledger.query("/api/v1/measures/" + id + "/state?asOf=" + between).json();
            assertThat(state.get("version").asInt()).isEqualTo(expected);
            assertThat(state.get("status").asText()).isEqualTo(status[expected]);
            assertThat(state.get("percentComplete").asInt()).isEqualTo(percent[expected]);
            assertThat(state.get("escalationLevel").asInt()).isEqualTo(escalation[expected]);
        }
        assertThat(ledger.query("/api/v1/measures/" + id + "/state").status()).isEqualTo(400);
        assertThat(ledger.query("/api/v1/measures/" + id + "/state?asOf=yesterday").status()).isEqualTo(400);
    }

    private static int lastAtOrBefore(List<Instant> times, Instant at) {
        int last = -1;
        for (int i = 0; i < times.size(); i++) {
            if (!times.get(i).isAfter(at)) {
                last = i;
            }
        }
        return last;
    }

    @Test
    void theWholeLedgerReadsInPagesAndAsOneStream() {
        measureWithHistory();
        awaitFeedAtHead();
        long total = database.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
        long read = 0;
        long after = 0;
        long lastPosition = 0;
        while (true) {
            JsonNode page = ledger.query("/api/v1/audit/events?after=" + after + "&limit=7").json();
            for (JsonNode event : page.get("events")) {
                assertThat(event.get("position").asLong()).isGreaterThan(lastPosition);
                lastPosition = event.get("position").asLong();
                read++;
            }
            after = page.get("next").asLong();
            if (!page.get("more").asBoolean()) {
                break;
            }
        }
        assertThat(read).isEqualTo(total);

        var stream = ledger.query("/api/v1/audit/events", "application/x-ndjson");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body().lines().count()).isEqualTo(total);
        assertThat(ledger.query("/api/v1/audit/events?limit=0").status()).isEqualTo(400);
    }
}
