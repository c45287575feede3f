package ledger.system;

import ledger.testing.GuardedDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every pooled connection is used by the thread that borrowed it and closed exactly once, in both
 * services, along the whole path: commands, the projections, the audit reads and a replay. A
 * connection closed a second time after the pool has lent it to someone else clears that
 * borrower's statement list (the rare "Index -1 out of bounds" in appendEvents).
 */
class ConnectionDisciplineTest {

    @Test
    void everyConnectionIsClosedOnceByTheThreadThatBorrowedIt() {
        AtomicReference<GuardedDataSource> commandSide = new AtomicReference<>();
        AtomicReference<GuardedDataSource> querySide = new AtomicReference<>();
        try (LedgerUnderTest ledger = new LedgerUnderTest(
                pool -> guard(pool, commandSide), pool -> guard(pool, querySide))) {
            String planId = ledger.registerPlan("cx-" + UUID.randomUUID().toString().substring(0, 8));
            String measureId = planId + "-1";
            created(ledger.command("/api/v1/measures", """
                    {"planId":"%s","section":1,"number":1,"title":"措施","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId), "office-1", "SUPERVISOR"));
            done(ledger.command("/api/v1/measures/" + measureId + "/plan", "{\"summary\":\"倒排工期\"}",
                                    "clerk-1", "UNIT"));
            for (int percent = 10; percent <= 50; percent += 10) {
                done(ledger.command("/api/v1/measures/" + measureId + "/progress",
                                        "{\"percentComplete\":" + percent + ",\"summary\":\"进展\"}", "clerk-1", "UNIT"));
            }
            done(ledger.command("/api/v1/measures/" + measureId + "/escalations", "{\"reason\":\"MANUAL\"}",
                                    "office-1", "SUPERVISOR"));

            await().atMost(Duration.ofSeconds(30)).until(
                    () -> ledger.query("/api/v1/measures/" + measureId + "/history").json().get("events").size() == 8);
            assertThat(ledger.query("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
            assertThat(ledger.query("/api/v1/audit/events?after=0&limit=100").status()).isEqualTo(200);
            assertThat(ledger.admin("/api/v1/admin/projections/replay").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var view = ledger.query("/api/v1/measures/" + measureId);
                assertThat(view.status()).isEqualTo(200);
                assertThat(view.json().get("version").asLong()).isEqualTo(7);
            });
        }
        assertThat(commandSide.get()).as("command-service's DataSource was wrapped").isNotNull();
        assertThat(querySide.get()).as("query-service's DataSource was wrapped").isNotNull();
        assertThat(commandSide.get().violations()).as("command-service").isEmpty();
        assertThat(querySide.get().violations()).as("query-service").isEmpty();
    }

    private static GuardedDataSource guard(javax.sql.DataSource pool, AtomicReference<GuardedDataSource> guard) {
        guard.set(new GuardedDataSource(pool));
        return guard.get();
    }

}
