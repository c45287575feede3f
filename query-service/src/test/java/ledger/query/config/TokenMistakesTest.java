package ledger.query.config;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.query.support.QueryServiceTest;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A 401 says why the token was refused and how to get one, keeping WWW-Authenticate. */
class TokenMistakesTest extends QueryServiceTest {

    private static final String HOW = ": get one with `./ledger token --role READER` (or SUPERVISOR, UNIT --unit NAME,"
                                      + " AUDITOR, ADMIN) on the ledger's host, and send it as `Authorization: Bearer"
                                      + " <token>`";

    private HttpResponse<String> summary(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                                                        + "/api/v1/dashboard/summary"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachRefusedTokenIsToldWhyAndHowToGetOne() throws Exception {
        Map<String, String> why = new LinkedHashMap<>();
        why.put(null, "the request has no bearer token");
        why.put("Bearer not-a-token", "the token is malformed (not a signed JWT)");
        why.put("Bearer " + TestTokens.signedByAnotherKey("office-1", "SUPERVISOR"),
                "the token is not signed by a key the ledger trusts");
        why.put("Bearer " + TestTokens.tokenWith("office-1", "SUPERVISOR", c -> c.audience("payroll")),
                "the token is for another audience (its `aud` does not name this ledger)");
        why.put("Bearer " + TestTokens.tokenWith("office-1", "SUPERVISOR", c -> c.issuer("another-idp")),
                "the token is from another issuer (its `iss` is not the ledger's identity provider)");
        for (Map.Entry<String, String> token : why.entrySet()) {
            HttpResponse<String> response = summary(token.getKey());
            JsonNode problem = refused(response);
            assertThat(problem.get("detail").asText()).as(token.getValue()).isEqualTo(token.getValue() + HOW);
        }
    }

    @Test
    void anExpiredTokenSaysWhenItExpired() throws Exception {
        JsonNode problem = refused(summary("Bearer " + TestTokens.expired("reader-1", "READER")));
        String detail = problem.get("detail").asText();
        assertThat(detail).startsWith("the token expired at ").endsWith(HOW);
        Instant expiredAt = Instant.parse(detail.substring("the token expired at ".length(), detail.indexOf(HOW)));
        assertThat(expiredAt).isBefore(Instant.now());
    }

    private static JsonNode refused(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        return problem(response, 401, "unauthenticated");
    }
}
