package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An auditor paging through the feed with {@code after=next} never skips an event, however long
 * the transaction that holds a lower position stays open, and otherwise sees new events at once.
 * The feed is bounded by PostgreSQL's record of transactions in flight, not by a clock.
 */
class AuditFeedHighWaterMarkTest {

    /** Longer than the 10 s the feed used to wait before it trusted a position. */
    private static final Duration HELD = Duration.ofSeconds(12);
    private static final long LOCK = 4711;

    private static LedgerUnderTest ledger;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void aReaderResumingAfterNextReceivesAnEventCommittedLongAfterHigherOnes() throws Exception {
        String planId = ledger.registerPlan("hw-" + UUID.randomUUID().toString().substring(0, 8));
        long start = head();
        List<String> seen = new ArrayList<>();

        // fresh events reach the feed at once when nothing is in flight
        created(assign(planId, 1, null));
        long[] after = {start};
        await().atMost(Duration.ofSeconds(1)).until(() -> read(after, seen).contains(planId + "-1"));

        // The command for measure 2 takes its position, then waits inside its transaction: its
        // idempotency key's insert waits for an advisory lock this test holds.
        ledger.database().execute("""
                CREATE OR REPLACE FUNCTION public.hold_key() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_advisory_xact_lock(%d); RETURN NEW; END $$""".formatted(LOCK));
        ledger.database().execute("""
                CREATE TRIGGER hold_key BEFORE INSERT ON event_store.idempotency_key FOR EACH ROW
                WHEN (NEW.idempotency_key LIKE 'hold-%') EXECUTE FUNCTION public.hold_key()""");
        try (Connection holder = DriverManager.getConnection(TestDatabase.jdbcUrl(), TestDatabase.USER,
                                                             TestDatabase.PASSWORD)) {
            holder.createStatement().execute("SELECT pg_advisory_lock(" + LOCK + ")");
            CompletableFuture<LedgerUnderTest.Response> held =
                    CompletableFuture.supplyAsync(() -> assign(planId, 2, "hold-" + UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(10)).until(this::aCommandWaitsOnTheLock);

            // later commands commit above the held position
            created(assign(planId, 3, null));
            created(assign(planId, 4, null));
            assertThat(ledger.database().queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry",
                                                        Long.class)).isGreaterThan(after[0]);

            // the reader keeps paging, and is not handed them while measure 2's position may still commit
            await().during(HELD).atMost(HELD.plusSeconds(5)).until(() -> {
                read(after, seen);
                return !seen.contains(planId + "-3") && !seen.contains(planId + "-4");
            });

            holder.createStatement().execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            created(held.get());
        } finally {
            ledger.database().execute("DROP TRIGGER hold_key ON event_store.idempotency_key");
        }

        // once it commits, the reader gets all three, the held one first (it holds the lowest position)
        await().atMost(Duration.ofSeconds(1)).until(() -> read(after, seen).contains(planId + "-4"));
        assertThat(seen.stream().filter(id -> id.startsWith(planId)).toList())
                .containsExactly(planId + "-1", planId + "-2", planId + "-3", planId + "-4");
    }

    private boolean aCommandWaitsOnTheLock() {
        return ledger.database().queryForObject("""
                SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'""",
                                                Long.class) > 0;
    }

    /** Pages on from {@code after[0]} as an auditor would, collecting measure ids; answers all seen. */
    private static List<String> read(long[] after, List<String> seen) {
        boolean more = true;
        while (more) {
            JsonNode page = ledger.query("/api/v1/audit/events?after=" + after[0] + "&limit=100").json();
            page.get("events").forEach(e -> seen.add(e.get("aggregateId").asText()));
            after[0] = page.get("next").asLong();
            more = page.get("more").asBoolean();
        }
        return seen;
    }

    private static long head() {
        Long head = ledger.database().queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry",
                                                     Long.class);
        return head == null ? 0 : head;
    }

    private static LedgerUnderTest.Response assign(String planId, int number, String idempotencyKey) {
        String body = """
                {"planId":"%s","section":1,"number":%d,"title":"措施","leaders":["朱小丹"],
                 "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId, number);
        return idempotencyKey == null ? ledger.command("/api/v1/measures", body, "office-1", "SUPERVISOR")
                : ledger.commandWithKey("/api/v1/measures", body, "office-1", "SUPERVISOR", idempotencyKey);
    }

}
