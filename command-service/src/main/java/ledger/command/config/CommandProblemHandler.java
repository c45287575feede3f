package ledger.command.config;

import ledger.command.archive.ArchiveException;
import ledger.command.archive.api.ArchiveProblems;
import ledger.command.commons.CommandFailures;
import ledger.command.commons.RequestBodyLimitFilter;
import ledger.command.commons.RequestHeaders;
import ledger.command.commons.UnidentifiedActorException;
import ledger.support.web.LedgerProblemHandler;
import ledger.support.web.LedgerService;
import ledger.support.web.Problems;
import org.springframework.core.env.Environment;
import ledger.support.web.Unavailable;
import ledger.command.dispatch.IdempotencyKeyReusedException;
import ledger.command.importing.ImportRejectedException;
import ledger.support.units.LeadUnitDirectory;
import ledger.command.importing.NoticeFormatException;
import ledger.command.measure.api.CommandBatchReader;
import ledger.command.measure.CommandRejectedException;
import ledger.messages.CommandRejection;
import ledger.support.security.TokenSecurity;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
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

import java.util.List;
import java.util.Map;

/**
 * Every error of the command API as {@code application/problem+json}. Refusals carry what a
 * client needs to act: the offending fields, the measure's status and the commands it allows,
 * or its current version.
 */
@RestControllerAdvice
public class CommandProblemHandler extends LedgerProblemHandler {

    public CommandProblemHandler(Environment environment) {
        super(LedgerService.COMMAND, environment);
    }

    @ExceptionHandler(ArchiveException.class)
    public ResponseEntity<ProblemDetail> archiveRefused(ArchiveException e) {
        return ResponseEntity.status(ArchiveProblems.status(e)).body(ArchiveProblems.problem(e));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return ResponseEntity.badRequest().body(CommandFailures.invalid(ex.getBindingResult()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        RequestBodyLimitFilter.BodyTooLargeException tooLarge =
                cause(ex, RequestBodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                                 .body(RequestBodyLimitFilter.tooLarge(tooLarge.getMessage()));
        }
        if (ex instanceof CommandBatchReader.MalformedBatchException malformed) {
            return ResponseEntity.badRequest().body(malformed.problem());
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    @ExceptionHandler({CommandExecutionException.class, CommandRejectedException.class,
                       AggregateNotFoundException.class, AggregateStreamCreationException.class,
                       ConcurrencyException.class, IdempotencyKeyReusedException.class,
                       LeadUnitDirectory.UnknownLeadUnitException.class})
    public ResponseEntity<ProblemDetail> commandFailed(Exception ex) {
        return CommandFailures.answer(ex);
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

    /** Anything else: see {@link CommandFailures#answer}. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        return CommandFailures.answer(ex);
    }
}
