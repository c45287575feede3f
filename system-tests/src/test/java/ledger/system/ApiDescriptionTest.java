package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.support.web.LedgerService;
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

    /**
     * Every request body has a seed example in each of its media types, every parameter (its own or
     * a shared one) a description, and each problem example is one its operation can give.
     */
    @Test
    void everyBodyHasAnExampleEveryParameterADescriptionAndEveryProblemExampleFitsItsOperation()
            throws IOException {
        for (boolean commandService : new boolean[]{true, false}) {
            JsonNode api = description(commandService);
            List<String> missing = new ArrayList<>();
            int[] bodies = {0};
            forEachOperation(api, (method, path, operation) -> {
                String where = method.toUpperCase() + " " + path + ": ";
                for (Iterator<Map.Entry<String, JsonNode>> types = operation.at("/requestBody/content").fields();
                     types.hasNext(); ) {
                    var type = types.next();
                    bodies[0]++;
                    if (!type.getValue().has("example") && !type.getValue().has("examples")) {
                        missing.add(where + "an example body of " + type.getKey());
                    }
                }
                for (JsonNode parameter : operation.path("parameters")) {
                    JsonNode resolved = parameter.has("$ref")
                            ? api.at(parameter.get("$ref").asText().substring(1)) : parameter;
                    if (resolved.path("description").asText().isBlank()) {
                        missing.add(where + "a description of " + resolved.path("in").asText() + " parameter "
                                    + resolved.path("name").asText());
                    }
                }
                operation.path("responses").fields().forEachRemaining(answer -> {
                    JsonNode example = answer.getValue().at("/content/application~1problem+json/example");
                    if (example.isNull()) {
                        missing.add(where + answer.getKey() + " has a null example");
                    } else if (!example.isMissingNode()) {
                        missing.addAll(misfits(where, path, operation, answer.getKey(), example));
                    }
                });
            });
            assertThat(bodies[0]).isGreaterThan(commandService ? 10 : 1);
            assertThat(missing).as(commandService ? "command-service" : "query-service").isEmpty();
        }
    }

    /** Why a problem example does not belong to its operation, if it does not. */
    private static List<String> misfits(String where, String path, JsonNode operation, String code, JsonNode example) {
        List<String> misfits = new ArrayList<>();
        String type = example.path("type").asText().replace("urn:ledger:problem:", "");
        String detail = example.path("detail").asText();
        boolean body = operation.has("requestBody");
        boolean idempotent = operation.path("parameters").toString().contains("Idempotency-Key");
        if (example.path("status").asInt() != Integer.parseInt(code)) {
            misfits.add(where + code + " shows a " + example.path("status").asInt());
        }
        if (!body && (type.equals("malformed-body") || example.has("errors")
                                                        && !operation.path("parameters").toString().contains(
                                                                "\"" + example.at("/errors/0/field").asText() + "\""))) {
            misfits.add(where + code + " shows a mistake of a body or of a parameter it does not take: " + detail);
        }
        if (type.equals("idempotency-key-reused") && !idempotent) {
            misfits.add(where + code + " shows a reused Idempotency-Key, which it does not take");
        }
        if (type.equals("not-allowed-in-state") && !path.startsWith("/api/v1/measures/{measureId}/")) {
            misfits.add(where + code + " shows a measure's state, which it does not change");
        }
        String refusedRole = "\"" + detail.replaceAll(".*role (\\w+) .*", "$1") + "\"";
        if (type.equals("forbidden") && operation.path("x-roles").toString().contains(refusedRole)) {
            misfits.add(where + code + " refuses a role it allows: " + detail);
        }
        if (type.equals("unknown-measure") && !path.contains("{measureId}")) {
            misfits.add(where + code + " shows an unknown measure, which it does not name");
        }
        return misfits;
    }

    /** Each service's list of its routes (by which a request sent to the other is redirected) is its API. */
    @Test
    void eachServicesListOfRoutesIsItsApi() throws IOException {
        for (boolean commandService : new boolean[]{true, false}) {
            JsonNode api = description(commandService);
            List<String> described = new ArrayList<>();
            forEachOperation(api, (method, path, operation) -> {
                if (path.startsWith("/api/")) {
                    described.add(method.toUpperCase() + " " + path);
                }
            });
            LedgerService service = commandService ? LedgerService.COMMAND : LedgerService.QUERY;
            assertThat(service.routes().stream().filter(route -> route.contains(" /api/")).toList())
                    .as(service.serviceName()).containsExactlyInAnyOrderElementsOf(described);
        }
    }

    private interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    private static void forEachOperation(JsonNode api, OperationVisitor visitor) {
        api.path("paths").fields().forEachRemaining(path -> METHODS.forEach(method -> {
            if (path.getValue().has(method)) {
                visitor.visit(method, path.getKey(), path.getValue().get(method));
            }
        }));
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
