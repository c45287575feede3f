package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both OpenAPI descriptions are complete and open: read without a token (as a browser or a client
 * generator reads them), every operation has a summary, a description and a tag, the roles that
 * may call it, and its 4xx and 5xx answers as problem+json. An endpoint added without them fails
 * here. The descriptions are saved to {@code target/openapi/} for Spectral
 * ({@code docs/openapi-lint.sh}).
 */
class ApiDescriptionTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private static LedgerUnderTest ledger;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private static JsonNode description(boolean commandService) throws IOException {
        var response = ledger.request(commandService, "GET", "/v3/api-docs", null, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Path saved = Path.of("target", "openapi", (commandService ? "command" : "query") + "-service.json");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, response.body());
        return response.json();
    }

    @Test
    void everyOperationOfBothServicesIsDescribedWithItsRolesAndProblems() throws IOException {
        for (boolean commandService : new boolean[]{true, false}) {
            JsonNode api = description(commandService);
            assertThat(api.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
            assertThat(api.at("/components/securitySchemes/bearerAuth/bearerFormat").asText()).isEqualTo("JWT");
            JsonNode problem = api.at("/components/schemas/Problem/properties");
            assertThat(problem.has("errors") && problem.has("currentVersion") && problem.has("allowedCommands")).isTrue();

            List<String> missing = new ArrayList<>();
            int operations = 0;
            for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
                var path = paths.next();
                for (String method : METHODS) {
                    JsonNode operation = path.getValue().path(method);
                    if (operation.isMissingNode()) {
                        continue;
                    }
                    operations++;
                    String where = method.toUpperCase() + " " + path.getKey() + ": ";
                    if (operation.path("summary").asText().isBlank()) {
                        missing.add(where + "summary");
                    }
                    // beyond the roles, which service-support adds to every operation
                    String description = operation.path("description").asText()
                                                  .replaceAll("(Roles: [A-Z, ]+\\.|No role may call it\\.)", "");
                    if (description.isBlank()) {
                        missing.add(where + "description");
                    }
                    if (operation.path("tags").isEmpty()) {
                        missing.add(where + "tags");
                    }
                    if (!operation.path("security").isEmpty() && operation.path("x-roles").isEmpty()) {
                        missing.add(where + "roles");
                    }
                    boolean anyProblem = false;
                    for (Iterator<Map.Entry<String, JsonNode>> answers = operation.path("responses").fields();
                         answers.hasNext(); ) {
                        var answer = answers.next();
                        if (answer.getKey().matches("[45]\\d\\d")) {
                            anyProblem = true;
                            if (answer.getValue().at("/content/application~1problem+json/schema").isMissingNode()) {
                                missing.add(where + answer.getKey() + " as problem+json");
                            }
                        }
                    }
                    if (!anyProblem) {
                        missing.add(where + "4xx answers");
                    }
                }
            }
            assertThat(operations).isGreaterThan(5);
            assertThat(missing).as(commandService ? "command-service" : "query-service").isEmpty();
        }
    }

    @Test
    void theCommandsDescribeTheirHeaders() throws IOException {
        JsonNode progress = description(true).at("/paths/~1api~1v1~1measures~1{measureId}~1progress/post");
        List<String> parameters = progress.path("parameters").findValuesAsText("name");
        assertThat(parameters).contains("Idempotency-Key", "If-Match", "X-Correlation-Id");
        JsonNode ok = progress.at("/responses/200/headers");
        assertThat(ok.has("ETag") && ok.has("Idempotent-Replayed")).as(ok.toString()).isTrue();
        assertThat(progress.at("/responses/412/content/application~1problem+json/example/currentVersion").isNumber())
                .isTrue();
        assertThat(progress.at("/responses/503/headers").has("Retry-After")).isTrue();
        assertThat(progress.path("x-roles").toString()).isEqualTo("[\"UNIT\"]");

        JsonNode view = description(false).at("/paths/~1api~1v1~1measures~1{measureId}/get");
        assertThat(view.at("/responses/200/headers").has("Ledger-View-Rebuilding")).isTrue();
    }

    @Test
    void swaggerUiOpensWithoutAToken() {
        for (boolean commandService : new boolean[]{true, false}) {
            var page = ledger.request(commandService, "GET", "/swagger-ui/index.html", null, null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("swagger-ui");
            var config = ledger.request(commandService, "GET", "/v3/api-docs/swagger-config", null, null);
            assertThat(config.status()).isEqualTo(200);
        }
    }
}
