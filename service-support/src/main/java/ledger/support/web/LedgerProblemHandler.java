package ledger.support.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What both services answer to a request they cannot route or read, each with a way out: a path
 * of the other service names that service and where it is; a Content-Type not read here says to
 * send {@code application/json}; a body that is not JSON says where (line and column); a field of
 * the wrong type or unknown names the field.
 */
public abstract class LedgerProblemHandler extends ResponseEntityExceptionHandler {

    private final LedgerService self;
    private final Environment environment;

    protected LedgerProblemHandler(LedgerService self, Environment environment) {
        this.self = self;
        this.environment = environment;
    }

    /** A header the firewall refuses once a controller reads it: 400, never echoing it (a token, maybe). */
    @ExceptionHandler(RequestRejectedException.class)
    public ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return RejectedRequests.answer(e);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        String method = ex.getHttpMethod().name();
        String path = path(request);
        ProblemDetail problem = elsewhere(method, path).orElseGet(() -> Problems.of(
                HttpStatus.NOT_FOUND, "no-such-endpoint", "No such endpoint",
                method + " " + path + " is not an endpoint of " + self.serviceName()
                + "; its endpoints are described at /v3/api-docs"));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        Optional<ProblemDetail> elsewhere = elsewhere(ex.getMethod(), path(request));
        if (elsewhere.isPresent()) {
            return handleExceptionInternal(ex, elsewhere.get(), new HttpHeaders(), HttpStatus.NOT_FOUND, request);
        }
        return super.handleHttpRequestMethodNotSupported(ex, headers, status, request);
    }

    /** A route of the other service: 404, naming it and where it is. */
    private Optional<ProblemDetail> elsewhere(String method, String path) {
        return self.otherServing(method, path).map(other -> {
            ProblemDetail problem = Problems.of(
                    HttpStatus.NOT_FOUND, "other-service", "Served by " + other.serviceName(),
                    method + " " + path + " is served by " + other.serviceName() + ", not " + self.serviceName()
                    + ": send it to " + other.whereToSend(environment));
            problem.setProperty("service", other.serviceName());
            return problem;
        });
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        List<MediaType> supported = ex.getSupportedMediaTypes();
        String send = supported.isEmpty() || supported.contains(MediaType.APPLICATION_JSON)
                ? "application/json" : MediaType.toString(supported);
        String given = ex.getContentType() == null ? "the request has no Content-Type"
                : "Content-Type '" + ex.getContentType() + "' is not read here";
        ProblemDetail problem = Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                                            "Unsupported Media Type", given + ": send the body as " + send
                                            + " (header Content-Type: " + send + "); nothing was written");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return handleExceptionInternal(ex, unreadable(ex), headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A body that cannot be read: the field at fault, or where the JSON stops being JSON. Also for
     * a part of a body read on its own (an item of a batch), from its Jackson exception.
     */
    public static ProblemDetail unreadable(Throwable ex) {
        JsonProcessingException json = cause(ex, JsonProcessingException.class);
        if (json instanceof UnrecognizedPropertyException unknown) {
            return invalidField(path(unknown), "unknown field '" + unknown.getPropertyName() + "'");
        }
        if (json instanceof InvalidFormatException format) {
            return invalidField(path(format), "'" + format.getValue() + "' is not a valid "
                                              + format.getTargetType().getSimpleName());
        }
        if (json instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return invalidField(path(mismatch), "has the wrong type; expected "
                                                + mismatch.getTargetType().getSimpleName());
        }
        JsonLocation at = json == null ? null : json.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                               "the body is missing or is not the JSON this endpoint expects; nothing was written");
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                                            "the body is not well-formed JSON at line " + at.getLineNr() + ", column "
                                            + at.getColumnNr() + "; nothing was written");
        problem.setProperty("line", at.getLineNr());
        problem.setProperty("column", at.getColumnNr());
        return problem;
    }

    private static ProblemDetail invalidField(String field, String message) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                                            field + ": " + message);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    protected static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String path(WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        return servlet == null ? "" : servlet.getRequestURI();
    }
}
