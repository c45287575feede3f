package ledger.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.util.Map;

/**
 * The headers of the contract, described once and referenced where they apply:
 * {@code Idempotency-Key} and {@code X-Correlation-Id} on every command (a POST under
 * {@code /api/v1/measures}), {@code If-Match} where an operation reads it, {@code ETag},
 * {@code Idempotent-Replayed} and {@code X-Correlation-Id} on a command's success,
 * {@code Ledger-View-Rebuilding} on the answers read from a view, and {@code Retry-After} on 429
 * and 503 ({@link ProblemResponses}). Only the headers used are put in the components.
 */
final class CommonHeaders {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IF_MATCH = "If-Match";
    static final String CORRELATION_ID = "X-Correlation-Id";
    static final String ETAG = "ETag";
    static final String REPLAYED = "Idempotent-Replayed";
    static final String REBUILDING = "Ledger-View-Rebuilding";
    static final String RETRY_AFTER = "Retry-After";

    private static final Map<String, Header> HEADERS = Map.of(
            ETAG, new Header().description("The measure's version after the command: send it back as `If-Match`.")
                              .schema(new StringSchema().example("\"3\"")),
            REPLAYED, new Header().description("`true` when this is the stored answer to an earlier request with "
                                               + "the same Idempotency-Key: nothing was appended this time.")
                                  .schema(new BooleanSchema()),
            CORRELATION_ID, new Header().description("The request's correlation id (the caller's, or a new one), "
                                                     + "recorded in the metadata of every event it caused and on "
                                                     + "every log line.")
                                        .schema(new StringSchema().example("3f0c9a52-7f1e-4d43-9a43-6f0e0d2a1c55")),
            REBUILDING, new Header().description("Present while the view this answer was read from is being rebuilt "
                                                 + "(a replay): it names the view, and the answer holds what has "
                                                 + "been rebuilt so far.")
                                    .schema(new StringSchema().example("measure-status")),
            RETRY_AFTER, new Header().description("Seconds to wait before trying again.")
                                     .schema(new IntegerSchema().format("int32").example(5)));

    private CommonHeaders() {
    }

    static void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        Components components = openApi.getComponents();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean command = method == PathItem.HttpMethod.POST && path.startsWith("/api/v1/measures");
            if (command) {
                addParameter(operation, new Parameter()
                        .in("header").name(IDEMPOTENCY_KEY).required(false)
                        .description("1..255 visible ASCII characters. A retry with the same key and the same request "
                                     + "gets the first answer again (with `Idempotent-Replayed: true`) and appends "
                                     + "nothing, also after a restart; the same key with another request is a 422. "
                                     + "Keys are scoped to the actor.")
                        .schema(new StringSchema().minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]+$")
                                                  .example("7d1c0e2a-5b8f-4a51-9c3e-2f6b1d0a9e47")));
            }
            if (method == PathItem.HttpMethod.POST) {
                addParameter(operation, new Parameter()
                        .in("header").name(CORRELATION_ID).required(false)
                        .description("The caller's request id (1..255 visible ASCII), recorded on every event the "
                                     + "request causes; a new one is made when it is missing.")
                        .schema(new StringSchema().minLength(1).maxLength(255)
                                                  .example("3f0c9a52-7f1e-4d43-9a43-6f0e0d2a1c55")));
            }
            if (operation.getParameters() != null) {
                operation.getParameters().stream().filter(p -> IF_MATCH.equalsIgnoreCase(p.getName()))
                         .forEach(p -> p.description("The version the caller acted on, quoted (`\"3\"`, as the ETag "
                                                     + "it got): if the measure has moved on, 412 and nothing is "
                                                     + "appended.")
                                        .schema(new StringSchema().example("\"3\"")));
            }
            if (operation.getResponses() == null) {
                return;
            }
            operation.getResponses().forEach((code, response) -> {
                if (!code.startsWith("2")) {
                    return;
                }
                if (command) {
                    response.addHeaderObject(ETAG, reference(components, ETAG));
                    response.addHeaderObject(REPLAYED, reference(components, REPLAYED));
                    response.addHeaderObject(CORRELATION_ID, reference(components, CORRELATION_ID));
                }
                if (method == PathItem.HttpMethod.GET && readsView(path)) {
                    response.addHeaderObject(REBUILDING, reference(components, REBUILDING));
                }
            });
        }));
    }

    /** The paths whose answers carry Ledger-View-Rebuilding (query-service's RebuildingViewHeader). */
    private static boolean readsView(String path) {
        return (path.startsWith("/api/v1/measures") && !path.endsWith("/state")) || path.startsWith("/api/v1/dashboard/");
    }

    /** A reference to one of the headers above, put in the components on first use. */
    static Header reference(Components components, String name) {
        if (components.getHeaders() == null || !components.getHeaders().containsKey(name)) {
            components.addHeaders(name, HEADERS.get(name));
        }
        return new Header().$ref("#/components/headers/" + name);
    }

    static boolean hasParameter(Operation operation, String name) {
        return operation.getParameters() != null
               && operation.getParameters().stream().anyMatch(p -> name.equalsIgnoreCase(p.getName())
                                                                   && "header".equals(p.getIn()));
    }

    private static void addParameter(Operation operation, Parameter parameter) {
        if (!hasParameter(operation, parameter.getName())) {
            operation.addParametersItem(parameter);
        }
    }
}
