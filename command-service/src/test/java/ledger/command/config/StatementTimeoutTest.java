package ledger.command.config;

import ledger.command.support.LedgerApiTest;
import ledger.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement that hangs is ended by PostgreSQL's statement_timeout (set on the service's
 * connections): the command answers 503 with Retry-After, its transaction rolls back, and a retry
 * with the same key succeeds once the database moves again.
 */
@TestPropertySource(properties = "spring.datasource.hikari.data-source-properties.options=-c statement_timeout=1s")
class StatementTimeoutTest extends LedgerApiTest {

    @Test
    void aCommandStuckOnALockAnswers503AndWritesNothing() throws Exception {
        String planId = registeredPlanId();
        String measureId = planId + "-1";
        String key = UUID.randomUUID().toString();
        try (Connection blocker = DriverManager.getConnection(TestDatabase.jdbcUrl(), TestDatabase.USER,
                                                              TestDatabase.PASSWORD)) {
            blocker.setAutoCommit(false);
            // reads go on; the command's INSERT waits for the lock until its statement times out
            blocker.createStatement().execute("LOCK TABLE event_store.domain_event_entry IN EXCLUSIVE MODE");

            // bounded: without the statement timeout the command would wait for this lock for ever
            var answer = CompletableFuture.supplyAsync(
                    () -> supervisor().post("/api/v1/measures", assignBody(planId, 1), "Idempotency-Key", key))
                                          .get(20, TimeUnit.SECONDS);

            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(answer.json().get("type").asText()).isEqualTo("urn:ledger:problem:timeout");
            blocker.rollback();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?",
                                       Long.class, measureId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.idempotency_key WHERE idempotency_key = ?",
                                       Long.class, key)).isZero();

        var retried = supervisor().post("/api/v1/measures", assignBody(planId, 1), "Idempotency-Key", key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
    }
}
