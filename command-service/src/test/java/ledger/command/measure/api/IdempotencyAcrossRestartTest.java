package ledger.command.measure.api;

import ledger.command.CommandServiceApplication;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The idempotency key is durable: a retry after the service restarted still gets the first answer. */
class IdempotencyAcrossRestartTest {

    @Test
    void aRetryAfterARestartReturnsTheFirstResultAndAppendsNothing() {
        String planId = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "restart-" + planId;
        String body = """
                {"summary":"倒排工期"}""";

        ApiClient.Response first;
        long eventsAfterFirst;
        try (ConfigurableApplicationContext service = startService()) {
            ApiClient office = client(service).as("office-1", "SUPERVISOR", null);
            LedgerApiTest.registerPlan(service, planId);
            assertThat(office.post("/api/v1/measures", LedgerApiTest.assignBody(planId, 1)).status()).isEqualTo(201);
            ApiClient unit = client(service).as("clerk-1", "UNIT", "省编办");
            first = unit.post("/api/v1/measures/" + planId + "-1/plan", body, "Idempotency-Key", key);
            assertThat(first.status()).isEqualTo(200);
            eventsAfterFirst = events(service);
        }

        try (ConfigurableApplicationContext restarted = startService()) {
            ApiClient unit = client(restarted).as("clerk-1", "UNIT", "省编办");
            var retry = unit.post("/api/v1/measures/" + planId + "-1/plan", body, "Idempotency-Key", key);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.json()).isEqualTo(first.json());
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(events(restarted)).isEqualTo(eventsAfterFirst);
        }
    }

    private static ConfigurableApplicationContext startService() {
        return CommandServiceApplication.application()
                .run("--server.port=0",
                     "--spring.datasource.url=" + TestDatabase.jdbcUrl(),
                     "--spring.datasource.username=postgres",
                     "--spring.datasource.password=postgres",
                     "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
                     "--ledger.deadlines.enabled=false");
    }

    private static ApiClient client(ConfigurableApplicationContext service) {
        return new ApiClient("http://localhost:" + service.getEnvironment().getProperty("local.server.port"));
    }

    private static long events(ConfigurableApplicationContext service) {
        return service.getBean(JdbcTemplate.class)
                      .queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
    }
}
