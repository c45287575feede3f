package ledger.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every error of both services is {@code application/problem+json} (RFC 9457): this adds the
 * {@code Problem} schema (with {@code errors[]}, {@code currentVersion}, {@code currentStatus},
 * {@code allowedCommands}, {@code line}, {@code column}, {@code limit}) and, to every operation,
 * the 4xx and 5xx answers it can give, judged from what it is: 400 always; 401, 403 and 429 when
 * it needs a token; 404 when its path names something or it reads one plan; 409 for a POST; 412
 * with {@code If-Match}; 413 and 415 with a body; 422 with {@code Idempotency-Key}; 503 (database
 * unreachable, with {@code Retry-After}) always. An answer an operation documents itself keeps its
 * description and gets the problem body. Each answer's example is one this operation can give
 * (a GET is never shown a body's mistake, an export never a measure's state), or there is none.
 */
final class ProblemResponses {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String SCHEMA = "Problem";

    private ProblemResponses() {
    }

    /** What each code means, whatever the operation. */
    private static final Map<String, String> MEANINGS = new TreeMap<>(Map.ofEntries(
            Map.entry("400", "Malformed or invalid input (a field, a parameter, a header or the body); nothing was "
                             + "written. `errors` names each offending field; a body that is not JSON, its `line` "
                             + "and `column`."),
            Map.entry("401", "No token, or a token that is malformed, badly signed, expired, revoked, or for another "
                             + "audience or issuer: `detail` says which, and how to get one."),
            Map.entry("403", "The token's role (or, for a lead unit, its unit) may not do this; nothing was written."),
            Map.entry("404", "Nothing of that name (measure, plan, projection, webhook) is on the ledger."),
            Map.entry("409", "Not allowed in the current state; nothing was written."),
            Map.entry("412", "`If-Match` names a version the measure has moved on from; `currentVersion` is where it "
                             + "stands. Nothing was written."),
            Map.entry("413", "The body is larger than 256 KiB; nothing was read."),
            Map.entry("415", "The body's Content-Type is not one this operation reads: `detail` says what to send."),
            Map.entry("422", "The request is well formed but cannot be done as asked; nothing was written."),
            Map.entry("429", "The actor's rate limit on this node is used up; retry after `Retry-After` seconds."),
            Map.entry("503", "The database cannot be reached or a statement ran past its timeout (or, for a stream, "
                             + "too many are open); nothing was written, and a retry after `Retry-After` seconds "
                             + "with the same Idempotency-Key is safe.")));

    /** The seed plan's ids in place of a path's variables, for an example's detail. */
    private static String seeded(String path) {
        return path.replace("{measureId}", "gd-2016-18").replace("{planId}", "gd-2016");
    }

    /** A read of one plan by a {@code planId} parameter: an unknown plan is its 404. */
    private static boolean planScoped(String path, Operation operation) {
        return !path.equals("/api/v1/plans/import") && has(operation, "planId");
    }

    private static boolean has(Operation operation, String name) {
        return operation.getParameters() != null
               && operation.getParameters().stream().anyMatch(p -> name.equals(p.getName()));
    }

    /**
     * A problem this operation can answer with the code, in the ledger's words; null when no example
     * fits it (the meaning alone is given then).
     */
    static Map<String, Object> example(String code, String path, PathItem.HttpMethod method, Operation operation) {
        boolean body = operation.getRequestBody() != null;
        boolean measureCommand = method == PathItem.HttpMethod.POST && path.startsWith("/api/v1/measures/{measureId}/");
        return switch (code) {
            case "400" -> body
                    ? example("malformed-body", "Malformed request body", 400,
                              "the body is not well-formed JSON at line 3, column 3; nothing was written",
                              Map.of("line", 3, "column", 3))
                    : has(operation, "planId") ? invalid("planId", "must be a plan id: lower-case letters, digits"
                            + " and inner '-', at most 64, such as gd-2016 (ids are lower case: gd-2016)")
                    : has(operation, "asOf") ? invalid("asOf", "must be an ISO-8601 instant such as"
                            + " 2016-06-30T16:00:00Z")
                    : has(operation, "size") ? invalid("size", "must be between 1 and 200")
                    : null;
            case "401" -> example("unauthenticated", "A valid token is required", 401,
                                  "the token expired at 2016-09-01T10:00:00Z: get one with `./ledger token --role "
                                  + "READER` (or SUPERVISOR, UNIT --unit NAME, AUDITOR, ADMIN) on the ledger's host, and"
                                  + " send it as `Authorization: Bearer <token>`", Map.of());
            case "403" -> forbidden(path, method, operation);
            case "404" -> path.contains("{measureId}")
                    ? example("unknown-measure", "Unknown measure", 404, "no measure gd-2016-99", Map.of())
                    : path.contains("{planId}") || planScoped(path, operation)
                    ? example("unknown-plan", "Unknown plan", 404, "no plan 'gd-2015' on the ledger", Map.of())
                    : path.contains("{subscription}") || path.contains("{delivery}")
                    ? example("unknown-webhook", "Unknown webhook", 404, "no webhook subscription 7", Map.of())
                    : path.contains("{name}")
                    ? example("unknown-projection", "Unknown projection", 404, "no projection named 'measure-stat'",
                              Map.of())
                    : null;
            case "409" -> measureCommand
                    ? example("not-allowed-in-state", "Not allowed in the measure's current state", 409,
                              "measure gd-2016-18 is VERIFIED: no command is allowed any more",
                              Map.of("currentStatus", "VERIFIED", "allowedCommands", List.of()))
                    : path.equals("/api/v1/measures")
                    ? example("already-assigned", "Measure already assigned", 409,
                              "a measure with this plan id and number is already on the ledger", Map.of())
                    : path.equals("/api/v1/plans/import")
                    ? example("plan-conflict", "Plan already imported differently", 409,
                              "plan gd-2016 is on the ledger with another text; nothing was imported", Map.of())
                    : path.equals("/api/v1/admin/restore")
                    ? example("store-not-empty", "Export or restore refused", 409,
                              "the event store is not empty: a ledger is restored into an empty one only", Map.of())
                    : path.startsWith("/api/v1/admin/projections")
                    ? example("replay-in-progress", "A replay is in progress", 409,
                              "another replay is in progress; wait until it is done", Map.of())
                    : null;
            case "412" -> example("stale-version", "The measure has moved on", 412,
                                  "expected version 3, the measure is at version 5", Map.of("currentVersion", 5));
            case "413" -> example("body-too-large", "Request body too large", 413,
                                  "the body may hold at most 262144 bytes", Map.of());
            case "415" -> example("unsupported-media-type", "Unsupported Media Type", 415,
                                  "Content-Type 'text/xml' is not read here: send the body as application/json "
                                  + "(header Content-Type: application/json); nothing was written", Map.of());
            case "422" -> CommonHeaders.hasParameter(operation, CommonHeaders.IDEMPOTENCY_KEY)
                    ? example("idempotency-key-reused", "Idempotency key reused", 422,
                              "the key 7d1c0e2a was sent before with another request", Map.of())
                    : path.endsWith("/register")
                    ? example("register-too-large", "Register too large", 422,
                              "the register would list more than 100000 events (ledger.documents.max-register-events): ask for "
                              + "an earlier asOf, or read the events from /api/v1/audit/events", Map.of())
                    : null;
            case "429" -> method != PathItem.HttpMethod.POST ? null
                    : example("rate-limited", "Too many requests", 429, "the " + limit(path) + " limit of clerk-7 is "
                              + "used up; retry after 1 s", Map.of("limit", limit(path)));
            case "503" -> example("store-unavailable", "The event store is unavailable", 503,
                                  "the database cannot be reached; retry later", Map.of());
            default -> null;
        };
    }

    /** The configured limits' names (command-service.yml, query-service.yml). */
    private static String limit(String path) {
        return path.equals("/api/v1/plans/import") ? "import"
                : path.startsWith("/api/v1/admin/projections") ? "replay" : "commands";
    }

    private static Map<String, Object> invalid(String field, String message) {
        return example("validation", "Invalid query", 400, field + ": " + message,
                       Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }

    /** A role the operation refuses, refused; none when every role may call it. */
    private static Map<String, Object> forbidden(String path, PathItem.HttpMethod method, Operation operation) {
        Object allowed = OperationAccess.extensions(operation).get(OperationAccess.ROLES);
        List<?> roles = allowed instanceof List<?> list ? list : List.of();
        return java.util.stream.Stream.of("READER", "UNIT", "SUPERVISOR", "AUDITOR", "ADMIN")
                .filter(role -> !roles.contains(role)).findFirst()
                .map(role -> example("forbidden", "Not allowed for this role", 403, "the token's role " + role
                                     + " may not " + method.name() + " " + seeded(path), Map.of()))
                .orElse(null);
    }

    static void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        Components components = openApi.getComponents();
        components.addSchemas("FieldError", new ObjectSchema()
                .description("One offending field, parameter, header or line.")
                .addProperty("field", new StringSchema().description("its name (a JSON path, a parameter, `line 12`)"))
                .addProperty("message", new StringSchema().description("what is wrong with it"))
                .required(List.of("field", "message")));
        components.addSchemas(SCHEMA, problemSchema());
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> describe(path, method, operation, components)));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An error (RFC 9457). Fields beyond `type`, `title`, `status` and `detail` appear where "
                             + "they apply.")
                .addProperty("type", new StringSchema().description("`urn:ledger:problem:<kind>`, stable for clients")
                                                       .example("urn:ledger:problem:validation"))
                .addProperty("title", new StringSchema().description("a short summary of the kind"))
                .addProperty("status", new IntegerSchema().format("int32").description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what happened, in words"))
                .addProperty("instance", new StringSchema().description("the path of the request"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))
                                                        .description("400: each offending field"))
                .addProperty("currentVersion", new IntegerSchema().format("int64")
                                                                  .description("412: the measure's version now"))
                .addProperty("currentStatus", new StringSchema().description("409: the measure's status now"))
                .addProperty("allowedCommands", new ArraySchema().items(new StringSchema())
                                                                 .description("409: the commands allowed now"))
                .addProperty("line", new IntegerSchema().format("int32")
                                                        .description("400: the notice's line, or where a body stops "
                                                                     + "being JSON"))
                .addProperty("column", new IntegerSchema().format("int32")
                                                          .description("400: where on `line` a body stops being JSON"))
                .addProperty("service", new StringSchema().description("404 of a path of the other service: that "
                                                                       + "service (`command-service`, `query-service`)"))
                .addProperty("limit", new StringSchema().description("429: the rate limit used up"))
                .required(List.of("type", "title", "status"));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation, Components components) {
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            responses = new ApiResponses();
            operation.setResponses(responses);
        }
        for (String code : codes(path, method, operation)) {
            ApiResponse response = responses.computeIfAbsent(code, c -> new ApiResponse().description(MEANINGS.get(c)));
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(MEANINGS.get(code));
            }
            response.setContent(null);
            if (code.equals("429") || code.equals("503")) {
                response.addHeaderObject("Retry-After", CommonHeaders.reference(components, CommonHeaders.RETRY_AFTER));
            }
        }
        // every 4xx and 5xx is a problem, those a controller declared by itself too; an example only where one fits
        responses.forEach((code, response) -> {
            boolean problem = response.getContent() != null && response.getContent().containsKey(PROBLEM_JSON);
            if (code.matches("[45]\\d\\d") && response.get$ref() == null && !problem) {
                MediaType body = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA));
                Map<String, Object> example = example(code, path, method, operation);
                if (example != null) {
                    // swagger-core writes an example set to null as "example": null
                    body.example(example);
                }
                response.setContent(new Content().addMediaType(PROBLEM_JSON, body));
            }
        });
    }

    private static List<String> codes(String path, PathItem.HttpMethod method, Operation operation) {
        boolean secured = OperationAccess.secured(operation);
        boolean post = method == PathItem.HttpMethod.POST;
        List<String> codes = new java.util.ArrayList<>(List.of("400"));
        if (secured) {
            codes.addAll(List.of("401", "403", "429"));
        }
        if (path.contains("{") || planScoped(path, operation)) {
            codes.add("404");
        }
        if (post) {
            codes.add("409");
        }
        if (CommonHeaders.hasParameter(operation, "If-Match")) {
            codes.add("412");
        }
        if (operation.getRequestBody() != null) {
            codes.addAll(List.of("413", "415"));
        }
        if (CommonHeaders.hasParameter(operation, CommonHeaders.IDEMPOTENCY_KEY)) {
            codes.add("422");
        }
        codes.add("503");
        return codes;
    }

    private static Map<String, Object> example(String type, String title, int status, String detail,
                                               Map<String, Object> more) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "urn:ledger:problem:" + type);
        example.put("title", title);
        example.put("status", status);
        example.put("detail", detail);
        example.putAll(new TreeMap<>(more));
        return example;
    }
}
