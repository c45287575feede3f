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
 * {@code allowedCommands}, {@code line}, {@code limit}) and, to every operation, the 4xx and 5xx
 * answers it can give, judged from what it is: 400 always; 401, 403 and 429 when it needs a
 * token; 404 when its path names something; 409 for a POST; 412 with {@code If-Match}; 413 and
 * 415 with a body; 422 with {@code Idempotency-Key}; 503 (database unreachable, with
 * {@code Retry-After}) always. An answer an operation documents itself keeps its description and
 * gets the problem body.
 */
final class ProblemResponses {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String SCHEMA = "Problem";

    private ProblemResponses() {
    }

    /** Each code: what it means, and an example in the ledger's words. */
    private record Kind(String description, Map<String, Object> example) {
    }

    private static final Map<String, Kind> KINDS = new TreeMap<>(Map.of(
            "400", new Kind("Malformed or invalid input (a field, a parameter, a header or the body); nothing was written. "
                            + "`errors` names each offending field.",
                            example("validation", "Invalid request", 400,
                                    "percentComplete: must be less than or equal to 100",
                                    Map.of("errors", List.of(Map.of("field", "percentComplete",
                                                                    "message", "must be less than or equal to 100"))))),
            "401", new Kind("No token, or a token that is malformed, badly signed, expired, revoked, or for another "
                            + "audience or issuer.",
                            example("unauthenticated", "A valid token is required", 401,
                                    "send a valid, unexpired bearer token", Map.of())),
            "403", new Kind("The token's role (or, for a lead unit, its unit) may not do this; nothing was written.",
                            example("forbidden", "Not allowed for this role", 403,
                                    "the token's role READER may not POST /api/v1/measures/gd-2016-18/progress",
                                    Map.of())),
            "404", new Kind("Nothing of that name (measure, plan, projection) is on the ledger.",
                            example("unknown-measure", "Unknown measure", 404, "no measure gd-2016-99", Map.of())),
            "409", new Kind("Not allowed in the current state; `currentStatus` and `allowedCommands` say what is.",
                            example("not-allowed-in-state", "Not allowed in the measure's current state", 409,
                                    "measure gd-2016-18 is VERIFIED: no command is allowed any more",
                                    Map.of("currentStatus", "VERIFIED", "allowedCommands", List.of()))),
            "412", new Kind("`If-Match` names a version the measure has moved on from; `currentVersion` is where it "
                            + "stands. Nothing was written.",
                            example("stale-version", "The measure has moved on", 412,
                                    "expected version 3, the measure is at version 5",
                                    Map.of("currentVersion", 5))),
            "413", new Kind("The body is larger than 256 KiB; nothing was read.",
                            example("body-too-large", "Request body too large", 413,
                                    "the body may hold at most 262144 bytes", Map.of())),
            "415", new Kind("The body's Content-Type is not one this operation reads.",
                            example("unsupported-media-type", "Unsupported Media Type", 415,
                                    "Content-Type 'text/xml' is not supported", Map.of())),
            "422", new Kind("The Idempotency-Key was used before by this actor for a different request.",
                            example("idempotency-key-reused", "Idempotency-Key reused", 422,
                                    "the key 7d1c0e2a was sent before with another request", Map.of())),
            "429", new Kind("The actor's rate limit on this node is used up; retry after `Retry-After` seconds.",
                            example("rate-limited", "Too many requests", 429,
                                    "the commands limit of clerk-7 is used up; retry after 1 s",
                                    Map.of("limit", "commands")))));

    static {
        KINDS.put("503", new Kind("The database cannot be reached or a statement ran past its timeout (or, for a "
                                  + "stream, too many are open); nothing was written, and a retry after `Retry-After` "
                                  + "seconds with the same Idempotency-Key is safe.",
                                  example("store-unavailable", "The event store is unavailable", 503,
                                          "the database cannot be reached; retry later", Map.of())));
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
                                                        .description("400 of an import: the notice's line"))
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
            Kind kind = KINDS.get(code);
            ApiResponse response = responses.computeIfAbsent(code, c -> new ApiResponse().description(kind.description()));
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(kind.description());
            }
            response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                    .schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))
                    .example(kind.example())));
            if (code.equals("429") || code.equals("503")) {
                response.addHeaderObject("Retry-After", CommonHeaders.reference(components, CommonHeaders.RETRY_AFTER));
            }
        }
        // answers a controller declared by itself (e.g. a 4xx of its own) are problems too
        responses.forEach((code, response) -> {
            boolean problem = response.getContent() != null && response.getContent().containsKey(PROBLEM_JSON);
            if (code.matches("[45]\\d\\d") && response.get$ref() == null && !problem) {
                MediaType body = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA));
                if (KINDS.containsKey(code)) {
                    body.example(KINDS.get(code).example());
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
        if (path.contains("{")) {
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
