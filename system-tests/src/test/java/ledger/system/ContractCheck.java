package ledger.system;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract test: every answer a system test gets from an API path is checked against the
 * OpenAPI description the answering service publishes ({@code /v3/api-docs}, read once per
 * service, without a token), with Atlassian's swagger-request-validator: its status must be
 * described for the operation, its Content-Type among the described ones, its body valid against
 * the described schema (a problem+json against {@code Problem}). A break fails the test that got
 * the answer, so a change that breaks the contract fails {@code verify}.
 * <p>
 * Streamed bodies (NDJSON, Server-Sent Events) are checked for status and Content-Type only: the
 * description gives the schema of one line, not of the stream.
 */
final class ContractCheck {

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final Map<String, OpenApiInteractionValidator> STREAM_VALIDATORS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ContractCheck() {
    }

    /** Throws AssertionError, naming every break, when the answer is not as described. */
    static void check(HttpRequest request, int status, String body, java.net.http.HttpHeaders headers) {
        URI uri = request.uri();
        String path = uri.getRawPath();
        if (!path.startsWith("/api/") && !path.startsWith("/ui/")) {
            return;   // actuator, static assets, the descriptions themselves: not in the API's description
        }
        String base = uri.getScheme() + "://" + uri.getAuthority();
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.map().forEach((name, values) -> response.withHeader(name, values));
        String contentType = headers.firstValue("Content-Type").orElse(null);
        boolean streamed = contentType != null
                           && (contentType.startsWith("application/x-ndjson") || contentType.startsWith("text/event-stream"));
        if (body != null && !body.isEmpty() && !streamed) {
            response.withBody(body);
        }
        OpenApiInteractionValidator validator = streamed
                ? STREAM_VALIDATORS.computeIfAbsent(base, b -> validator(b, true))
                : VALIDATORS.computeIfAbsent(base, b -> validator(b, false));
        ValidationReport report = validator.validateResponse(
                java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8),
                Request.Method.valueOf(request.method()), response.build());
        if (report.hasErrors()) {
            throw new AssertionError("contract break: " + request.method() + " " + uri + " answered " + status + " "
                                     + contentType + "\n" + report.getMessages() + "\nbody: "
                                     + (body == null ? "" : body.substring(0, Math.min(body.length(), 2000))));
        }
    }

    private static OpenApiInteractionValidator validator(String base, boolean streamed) {
        try {
            HttpResponse<String> description = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build(),
                                                         HttpResponse.BodyHandlers.ofString());
            if (description.statusCode() != 200) {
                throw new AssertionError("no OpenAPI description at " + base + ": " + description.statusCode());
            }
            return OpenApiInteractionValidator.createForInlineApiSpecification(description.body())
                    .withLevelResolver(LevelResolver.create().withLevels(Map.of(
                            // a path or method the service does not serve at all (the firewall's tests, a 404 or
                            // 405 of Spring's own): there is no operation to hold the answer to
                            "validation.request.path.missing", ValidationReport.Level.IGNORE,
                            "validation.request.operation.notAllowed", ValidationReport.Level.IGNORE,
                            // a stream's body is not checked (see above)
                            "validation.response.body.missing",
                            streamed ? ValidationReport.Level.IGNORE : ValidationReport.Level.ERROR)).build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
