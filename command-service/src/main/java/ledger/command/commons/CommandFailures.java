package ledger.command.commons;

import ledger.command.dispatch.IdempotencyKeyReusedException;
import ledger.support.units.LeadUnitDirectory;
import ledger.command.measure.CommandRejectedException;
import ledger.messages.CommandRejection;
import ledger.support.security.TokenSecurity;
import ledger.support.security.TokenActors;
import ledger.support.web.LedgerProblemHandler;
import ledger.support.web.Problems;
import ledger.support.web.Unavailable;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answer to a command that was sent and failed, as {@code application/problem+json}: a
 * refusal carries what a client needs to act (the measure's status and the commands it allows,
 * or its current version). Used for a single command (CommandProblemHandler) and for each item
 * of a batch (BatchOutcome).
 */
public final class CommandFailures {

    private static final Logger log = LoggerFactory.getLogger(CommandFailures.class);

    private CommandFailures() {
    }

    public static ResponseEntity<ProblemDetail> answer(Throwable failure) {
        if (failure instanceof CommandExecutionException ex) {
            return ex.<CommandRejection>getDetails().map(CommandFailures::rejected).orElseGet(() -> unexpected(ex));
        }
        if (failure instanceof CommandRejectedException ex) {
            return rejected(ex.rejection());
        }
        if (failure instanceof AggregateNotFoundException ex) {
            return rejected(CommandRejection.notFound("no measure " + ex.getAggregateIdentifier()));
        }
        if (failure instanceof AggregateStreamCreationException) {
            return problem(HttpStatus.CONFLICT, "already-assigned", "Measure already assigned",
                           "a measure with this plan id and number is already on the ledger");
        }
        if (failure instanceof ConcurrencyException) {
            return problem(HttpStatus.CONFLICT, "concurrent-change", "Concurrent change",
                           "another command changed the measure at the same moment; read it again and retry");
        }
        if (failure instanceof IdempotencyKeyReusedException ex) {
            return problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency key reused",
                           ex.getMessage());
        }
        if (failure instanceof LeadUnitDirectory.UnknownLeadUnitException ex) {
            return ResponseEntity.badRequest().body(invalid("leadUnits", ex.getMessage()));
        }
        if (failure instanceof BindException ex) {
            return ResponseEntity.badRequest().body(invalid(ex.getBindingResult()));
        }
        if (failure instanceof ErrorResponse ex) {
            return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
        }
        if (failure instanceof MismatchedInputException) {
            // a part of a body read on its own (an item of a batch): as the whole body would be answered
            return ResponseEntity.badRequest().body(LedgerProblemHandler.unreadable(failure));
        }
        return unexpected(failure);
    }

    /** One field at fault: 400 validation. */
    public static ProblemDetail invalid(String field, String message) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                                            field + ": " + message);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", String.valueOf(message))));
        return problem;
    }

    /** What Bean Validation found, every field at fault in the order of their names: 400 validation. */
    public static ProblemDetail invalid(BindingResult result) {
        List<Map<String, String>> errors = result.getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                                            errors.stream().map(e -> e.get("field") + " " + e.get("message"))
                                                  .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    /**
     * 503 with Retry-After when the database is unreachable or a statement timed out (see
     * Unavailable), otherwise 500. Never a partial write: the transaction rolled back.
     */
    private static ResponseEntity<ProblemDetail> unexpected(Throwable failure) {
        return Unavailable.orInternalError(failure instanceof Exception e ? e : new IllegalStateException(failure),
                                           "the command");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, type, title, detail));
    }

    private static ResponseEntity<ProblemDetail> rejected(CommandRejection rejection) {
        if (rejection.kind() == CommandRejection.Kind.FORBIDDEN) {
            log.warn("refused for {}: {}", TokenActors.currentActor().map(a -> a.id() + " (role " + a.role()
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

}
