package ledger.system;

import com.nimbusds.jwt.SignedJWT;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A token revoked by an ADMIN through one query-service node is refused, 401, by every node of
 * both services within seconds, remembered or not; the actor's other tokens still work.
 */
class RevocationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LedgerUnderTest ledger;
    // every node, and a request each of them reads a token for, with what an office token gets there
    private static Map<String, Integer> nodes;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
        LedgerUnderTest.QueryNode secondQuery = ledger.startQueryNode(UnaryOperator.identity());
        LedgerUnderTest.CommandNode secondCommand = ledger.startCommandNode("--ledger.deadlines.enabled=false");
        // the command nodes' metrics are for an ADMIN only (403); a measure no plan has is 404, once
        // the token is read; every one of them 401 once revoked
        nodes = Map.of(ledger.commandNode().url() + "/actuator/prometheus", 403,
                       secondCommand.url() + "/actuator/prometheus", 403,
                       ledger.queryNode().url() + "/api/v1/measures/none-1", 404,
                       secondQuery.url() + "/api/v1/measures/none-1", 404);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void aRevokedTokenIsRefusedByEveryNodeWithinSeconds() throws Exception {
        String revoked = TestTokens.token("office-stolen", "SUPERVISOR", null);
        String other = TestTokens.token("office-stolen", "SUPERVISOR", null);
        nodes.forEach((node, status) ->   // verified, now remembered
                assertThat(get(node, revoked).statusCode()).as(node).isEqualTo(status));

        HttpResponse<String> revocation = revoke("{\"jti\":\"" + jti(revoked) + "\",\"reason\":\"stolen laptop\"}");
        assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(201);
        assertThat(revocation.body()).contains("\"revokedBy\":\"admin-1\"");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String node : nodes.keySet()) {
                HttpResponse<String> answer = get(node, revoked);
                assertThat(answer.statusCode()).as(node).isEqualTo(401);
                assertThat(answer.body()).contains("urn:ledger:problem:unauthenticated")
                                         .contains("\"detail\":\"the token was revoked: get one");
            }
        });
        nodes.forEach((node, status) -> assertThat(get(node, other).statusCode())
                .as("another token of the same actor at " + node).isEqualTo(status));

        // posting it again changes nothing; the list shows it
        assertThat(revoke("{\"jti\":\"" + jti(revoked) + "\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> list = get(ledger.queryNode().url() + "/api/v1/admin/revocations",
                                        TestTokens.token("admin-1", "ADMIN", null));
        assertThat(list.body()).contains(jti(revoked)).contains("stolen laptop");
    }

    @Test
    void aRevocationWithoutATokenIdIsRefused() {
        HttpResponse<String> refused = revoke("{\"reason\":\"no id\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static HttpResponse<String> revoke(String body) {
        return send(HttpRequest.newBuilder(URI.create(ledger.queryNode().url() + "/api/v1/admin/revocations"))
                               .header("Authorization", "Bearer " + TestTokens.token("admin-1", "ADMIN", null))
                               .header("Content-Type", "application/json")
                               .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jti(String token) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    }
}
