package ledger.command.web;

import ledger.support.web.Problems;
import ledger.support.web.Unavailable;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import ledger.command.dispatch.IdempotencyKeyReusedException;
import ledger.command.importing.ImportRejectedException;
import ledger.support.units.LeadUnitDirectory;
import ledger.command.importing.NoticeFormatException;
import ledger.command.measure.CommandRejectedException;
import ledger.messages.CommandRejection;
import ledger.support.security.TokenSecurity;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error of the command API as {@code application/problem+json}. Refusals carry what a
 * client needs to act: the offending fields, the measure's status and the commands it allows,
 * or its current version.
 */
@RestControllerAdvice
public class CommandProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> Map.of("field", e.getField(),
                                 "message", String.valueOf(e.getDefaultMessage())))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                                            errors.stream().map(e -> e.get("field") + " " + e.get("message"))
                                                  .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (causedBy(ex, RequestBodyLimitFilter.BodyTooLargeException.class)) {
            ProblemDetail problem = RequestBodyLimitFilter.tooLarge(
                    findCause(ex, RequestBodyLimitFilter.BodyTooLargeException.class).getMessage());
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem);
        }
        ProblemDetail problem;
        JsonMappingException mapping = findCause(ex, JsonMappingException.class);
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            problem = invalidField(path(unknown), "unknown field '" + unknown.getPropertyName() + "'");
        } else if (mapping instanceof InvalidFormatException format) {
            problem = invalidField(path(format), "'" + format.getValue() + "' is not a valid "
                                                 + format.getTargetType().getSimpleName());
        } else if (mapping instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            problem = invalidField(path(mismatch), "has the wrong type; expected "
                                                   + mismatch.getTargetType().getSimpleName());
        } else {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                                  "the body is not the JSON this endpoint expects");
        }
        return ResponseEntity.badRequest().body(problem);
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

    @ExceptionHandler(CommandExecutionException.class)
    public ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException ex) {
        return ex.<CommandRejection>getDetails()
                 .map(CommandProblemHandler::rejected)
                 .orElseGet(() -> unexpected(ex));
    }

    @ExceptionHandler(CommandRejectedException.class)
    public ResponseEntity<ProblemDetail> commandRejected(CommandRejectedException ex) {
        return rejected(ex.rejection());
    }

    private static ResponseEntity<ProblemDetail> rejected(CommandRejection rejection) {
        if (rejection.kind() == CommandRejection.Kind.FORBIDDEN) {
            log.warn("refused for {}: {}", TokenSecurity.currentActor().map(a -> a.id() + " (role " + a.role()
                    + ", unit " + a.unit() + ")").orElse("an unknown actor"), rejection.message());
        }
        ProblemDetail problem = switch (rejection.kind()) {
            case INVALID -> Problems.of(HttpStatus.BAD_REQUEST, "invalid-command", "Invalid command",
                                        rejection.message());
            case NOT_FOUND -> Problems.of(HttpStatus.NOT_FOUND, "unknown-measure", "Unknown measure",
                                          rejection.message());
            case FORBIDDEN -> Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Not allowed for this actor",
                                          rejection.message());
            case CONFLICT -> Problems.of(HttpStatus.CONFLICT, "not-allowed-in-state",
                                         "Not allowed in the measure's current state", rejection.message());
            case STALE_VERSION -> Problems.of(HttpStatus.PRECONDITION_FAILED, "stale-version",
                                              "The measure has moved on", rejection.message());
        };
        if (rejection.currentStatus() != null) {
            problem.setProperty("currentStatus", rejection.currentStatus());
            problem.setProperty("allowedCommands", rejection.allowedCommands());
        }
        var response = ResponseEntity.status(problem.getStatus());
        if (rejection.currentVersion() != null) {
            problem.setProperty("currentVersion", rejection.currentVersion());
            response.eTag(Long.toString(rejection.currentVersion()));
        }
        return response.body(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    public ResponseEntity<ProblemDetail> unknownMeasure(AggregateNotFoundException ex) {
        return rejected(CommandRejection.notFound("no measure " + ex.getAggregateIdentifier()));
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    public ResponseEntity<ProblemDetail> alreadyAssigned(AggregateStreamCreationException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(
                HttpStatus.CONFLICT, "already-assigned", "Measure already assigned",
                "a measure with this plan id and number is already on the ledger"));
    }

    @ExceptionHandler(ConcurrencyException.class)
    public ResponseEntity<ProblemDetail> concurrentChange(ConcurrencyException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(
                HttpStatus.CONFLICT, "concurrent-change", "Concurrent change",
                "another command changed the measure at the same moment; read it again and retry"));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    public ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException ex) {
        return ResponseEntity.unprocessableEntity().body(Problems.of(
                HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency key reused",
                ex.getMessage()));
    }

    @ExceptionHandler(NoticeFormatException.class)
    public ResponseEntity<ProblemDetail> unreadableNotice(NoticeFormatException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "unreadable-notice", "The notice cannot be read",
                                            ex.getMessage() + "; nothing was imported");
        if (ex.line() > 0) {
            problem.setProperty("line", ex.line());
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ImportRejectedException.class)
    public ResponseEntity<ProblemDetail> importRejected(ImportRejectedException ex) {
        if (ex.isConflict()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(
                    HttpStatus.CONFLICT, "plan-conflict", "Plan already imported differently",
                    ex.getMessage() + "; nothing was imported"));
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-plan", "The plan cannot be imported",
                                            ex.getMessage() + "; nothing was imported");
        problem.setProperty("errors", List.of(Map.of("field", ex.where(), "message", ex.getMessage())));
        if (ex.where().startsWith("line ")) {
            problem.setProperty("line", Integer.parseInt(ex.where().substring("line ".length())));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(LeadUnitDirectory.UnknownLeadUnitException.class)
    public ResponseEntity<ProblemDetail> unknownUnit(LeadUnitDirectory.UnknownLeadUnitException ex) {
        return ResponseEntity.badRequest().body(invalidField("leadUnits", ex.getMessage()));
    }

    @ExceptionHandler(UnidentifiedActorException.class)
    public ResponseEntity<ProblemDetail> unidentified(UnidentifiedActorException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Problems.of(
                HttpStatus.UNAUTHORIZED, "unauthenticated", "Who is asking?", ex.getMessage()));
    }

    @ExceptionHandler(RequestHeaders.InvalidHeaderException.class)
    public ResponseEntity<ProblemDetail> invalidHeader(RequestHeaders.InvalidHeaderException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-header", "Invalid header",
                                            ex.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", ex.header(), "message", ex.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * Anything else: 503 with Retry-After when the database is unreachable or a statement timed
     * out (see Unavailable), otherwise 500. Never a partial write: the transaction rolled back.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        return Unavailable.orInternalError(ex, "the command");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        return findCause(e, type) != null;
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
