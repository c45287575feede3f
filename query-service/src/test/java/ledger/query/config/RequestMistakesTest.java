package ledger.query.config;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.query.support.QueryServiceTest;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command sent to query-service's port is told where command-service is; a webhook body of
 * another type or not JSON is told what to send, or where the JSON breaks; nothing is written.
 */
class RequestMistakesTest extends QueryServiceTest {

    private HttpResponse<String> post(String path, String role, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TestTokens.token("someone", role, role.equals("UNIT") ? "省财政厅" : null))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long subscriptions() {
        return jdbc.queryForObject("SELECT count(*) FROM webhook.subscription", Long.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/measures/gd-2016-18/progress", "/api/v1/measures", "/api/v1/plans/import",
            "/api/v1/commands", "/api/v1/admin/export"})
    void aCommandAtTheQueryPortIsSentToTheCommandService(String path) throws Exception {
        JsonNode problem = problem(post(path, path.contains("admin") ? "ADMIN" : "SUPERVISOR", "application/json", "{}"),
                                   404, "other-service");
        String port = System.getenv().getOrDefault("LEDGER_COMMAND_PORT", "8080");
        assertThat(problem.get("detail").asText()).isEqualTo(
                "POST " + path + " is served by command-service, not query-service: send it to port " + port
                + " of the same host");
        assertThat(problem.get("service").asText()).isEqualTo("command-service");
    }

    @Test
    void aWebhookBodyOfAnotherTypeIsToldToSendJson() throws Exception {
        long before = subscriptions();
        JsonNode problem = problem(post("/api/v1/admin/webhooks", "ADMIN", "text/plain", "url=http://x"), 415,
                                   "unsupported-media-type");
        assertThat(problem.get("detail").asText()).isEqualTo(
                "Content-Type 'text/plain' is not read here: send the body as application/json (header Content-Type:"
                + " application/json); nothing was written");
        problem = problem(post("/api/v1/admin/webhooks", "ADMIN", null, "{}"), 415, "unsupported-media-type");
        assertThat(problem.get("detail").asText()).startsWith("the request has no Content-Type: send the body as"
                                                              + " application/json");
        assertThat(subscriptions()).isEqualTo(before);
    }

    @Test
    void malformedJsonSaysWhere() throws Exception {
        long before = subscriptions();
        JsonNode problem = problem(post("/api/v1/admin/webhooks", "ADMIN", "application/json",
                                        "{\"url\": \"https://hooks.example/ledger\",\n \"eventTypes\": [\"ProgressReported\"\n}"),
                                   400, "malformed-body");
        assertThat(problem.get("detail").asText())
                .isEqualTo("the body is not well-formed JSON at line 3, column 1; nothing was written");
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("column").asInt()).isEqualTo(1);
        assertThat(subscriptions()).isEqualTo(before);
    }
}
