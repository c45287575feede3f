package ledger.command.deadline;

import ledger.command.support.LedgerApiTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deadline is written in the transaction of the command that sets it: kept with the command's
 * events, gone with them when the command rolls back after scheduling.
 */
class DeadlineAtomicityTest extends LedgerApiTest {

    /**
     * The idempotency key is recorded after the handler has scheduled the overdue deadline, in the
     * same prepare-commit phase; making that insert fail rolls the command back after scheduling,
     * as a crash or a lost connection at that moment would.
     */
    @Test
    void aCommandThatRollsBackAfterSchedulingLeavesNoDeadline() {
        String planId = registeredPlanId();
        String measureId = planId + "-1";
        String refusedKey = "refuse-" + UUID.randomUUID();
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION public.refuse_key() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refused by the test'; END $$""");
        jdbc.execute("""
                CREATE TRIGGER refuse_key BEFORE INSERT ON event_store.idempotency_key FOR EACH ROW
                WHEN (NEW.idempotency_key LIKE 'refuse-%') EXECUTE FUNCTION public.refuse_key()""");
        try {
            var failed = supervisor().post("/api/v1/measures", assignBody(planId, 1), "Idempotency-Key", refusedKey);
            assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        } finally {
            jdbc.execute("DROP TRIGGER refuse_key ON event_store.idempotency_key");
        }
        assertThat(events(measureId)).isZero();
        assertThat(deadlines(measureId)).as("deadline of the rolled-back command").isZero();

        var assigned = supervisor().post("/api/v1/measures", assignBody(planId, 1),
                                         "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        assertThat(events(measureId)).isEqualTo(1);
        assertThat(deadlines(measureId)).as("deadline of the committed command").isEqualTo(1);
    }

    private long events(String measureId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?",
                                   Long.class, measureId);
    }

    private long deadlines(String measureId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM event_store.scheduled_tasks WHERE encode(task_data, 'escape') LIKE ?",
                Long.class, "%" + measureId + "%");
    }
}
