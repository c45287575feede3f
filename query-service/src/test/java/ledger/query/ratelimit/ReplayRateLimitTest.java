package ledger.query.ratelimit;

import ledger.query.support.QueryServiceTest;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays have a strict per-actor limit of their own (here 1 an hour): over it, 429 before anything is asked. */
@TestPropertySource(properties = {"ledger.rate-limits.limits.replay.capacity=1",
                                  "ledger.rate-limits.limits.replay.period=1h"})
class ReplayRateLimitTest extends QueryServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAdminOverTheReplayLimitIsAnswered429AndNoReplayIsAsked() throws Exception {
        String admin = TestTokens.token("admin-replays", "ADMIN", null);
        // the first one is allowed (accepted, or 409 if a replay of another test still runs)
        assertThat(replay(admin).statusCode()).isIn(202, 409);
        long asked = jdbc.queryForObject("SELECT count(*) FROM query_view.projection_replay", Long.class);

        HttpResponse<String> refused = replay(admin);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("urn:ledger:problem:rate-limited").contains("\"limit\":\"replay\"");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query_view.projection_replay", Long.class))
                .isEqualTo(asked);

        // reads are not limited, and another admin has a bucket of its own
        HttpResponse<String> statuses = http.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/api/v1/admin/projections")).header("Authorization", "Bearer " + admin)
                                                             .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(statuses.statusCode()).isEqualTo(200);
        assertThat(replay(TestTokens.token("admin-other", "ADMIN", null)).statusCode()).isNotEqualTo(429);
    }

    private HttpResponse<String> replay(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                                           + "/api/v1/admin/projections/measure-status/replay"))
                                    .header("Authorization", "Bearer " + token)
                                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                         HttpResponse.BodyHandlers.ofString());
    }
}
