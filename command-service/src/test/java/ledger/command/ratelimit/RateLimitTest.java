package ledger.command.ratelimit;

import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-actor limits, made small here (their defaults are in command-service.yml): over its limit an
 * actor is answered 429 problem+json with Retry-After, and nothing is appended; another actor, or
 * the same actor's commands under another limit, go on.
 */
@TestPropertySource(properties = {
        "ledger.rate-limits.limits.import.capacity=2", "ledger.rate-limits.limits.import.period=1h",
        "ledger.rate-limits.limits.commands.capacity=3", "ledger.rate-limits.limits.commands.period=1h"})
class RateLimitTest extends LedgerApiTest {

    private static String plan(String planId) {
        return """
               {"planId":"%s","title":"方案","deadline":"2016-10-31","measures":[{"section":1,"number":1,
                "title":"甲","leaders":["朱小丹"],"leadUnits":["省府办公厅"]}]}""".formatted(planId);
    }

    @Test
    void importsHaveAStricterLimitOfTheirOwn() {
        ApiClient office = supervisor("importer-" + UUID.randomUUID());
        for (int i = 0; i < 2; i++) {
            assertThat(office.post("/api/v1/plans/import", plan(freshPlanId())).status()).isEqualTo(201);
        }
        long before = storedEvents();
        String refusedPlan = freshPlanId();
        ApiClient.Response refused = office.post("/api/v1/plans/import", plan(refusedPlan));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asText()).isEqualTo("urn:ledger:problem:rate-limited");
        assertThat(refused.json().path("limit").asText()).isEqualTo("import");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier "
                                       + "LIKE ?", Long.class, refusedPlan + "%")).isZero();

        // the importer's other commands count against the commands limit, not the used-up import limit
        String planId = registeredPlanId();
        assertThat(office.post("/api/v1/measures", assignBody(planId, 1)).status()).isEqualTo(201);
        // another actor's imports are not held back by this one's
        assertThat(supervisor("importer-" + UUID.randomUUID()).post("/api/v1/plans/import", plan(freshPlanId()))
                           .status()).isEqualTo(201);
    }

    @Test
    void anActorOverItsCommandLimitIsAnswered429AndNothingIsAppended() {
        String planId = registeredPlanId();
        ApiClient office = supervisor("flooder-" + UUID.randomUUID());
        for (int number = 1; number <= 3; number++) {
            assertThat(office.post("/api/v1/measures", assignBody(planId, number)).status()).isEqualTo(201);
        }
        long before = storedEvents();
        ApiClient.Response refused = office.post("/api/v1/measures", assignBody(planId, 4));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("limit").asText()).isEqualTo("commands");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(storedEvents()).isEqualTo(before);

        ApiClient other = supervisor("office-" + UUID.randomUUID());
        assertThat(other.post("/api/v1/measures", assignBody(planId, 4)).status()).isEqualTo(201);
    }

    private ApiClient supervisor(String actorId) {
        return new ApiClient("http://localhost:" + port).as(actorId, "SUPERVISOR", null);
    }
}
