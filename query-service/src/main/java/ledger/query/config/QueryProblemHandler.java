package ledger.query.config;

import ledger.query.bulletin.PlanAsOf;
import ledger.query.bulletin.PlanSnapshots;
import ledger.query.bulletin.api.Negotiation;
import ledger.query.bulletin.api.PlanDocumentsController;
import ledger.query.commons.InvalidQueryException;
import ledger.query.notify.api.WebhookController;
import ledger.query.commons.PlanParameters;
import ledger.query.status.api.UnknownMeasureException;
import ledger.query.stream.api.OpenStreams;
import ledger.query.admin.ProjectionAdmin;
import ledger.query.admin.ReplayRequests;
import ledger.support.web.LedgerProblemHandler;
import ledger.support.web.LedgerService;
import ledger.support.web.Problems;
import org.springframework.core.env.Environment;
import ledger.support.web.Unavailable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/**
 * Every error of query-service as {@code application/problem+json}, the one place where failures
 * become problems. The content type is set on each answer: a request that accepts only a
 * spreadsheet (a register) must still get its problem.
 */
@RestControllerAdvice
public class QueryProblemHandler extends LedgerProblemHandler {

    public QueryProblemHandler(Environment environment) {
        super(LedgerService.QUERY, environment);
    }

    @ExceptionHandler(InvalidQueryException.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidQueryException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid query", ex.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", ex.parameter(), "message", ex.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(PlanSnapshots.UnknownPlanException.class)
    public ResponseEntity<ProblemDetail> unknownPlanAtAnInstant(PlanSnapshots.UnknownPlanException ex) {
        return problem(HttpStatus.NOT_FOUND, "unknown-plan", "Unknown plan", ex.getMessage());
    }

    @ExceptionHandler(PlanSnapshots.PositionAheadException.class)
    public ResponseEntity<ProblemDetail> positionAhead(PlanSnapshots.PositionAheadException ex) {
        return problem(HttpStatus.BAD_REQUEST, "validation", "Invalid query", "position: " + ex.getMessage());
    }

    @ExceptionHandler(PlanAsOf.TooManyEventsException.class)
    public ResponseEntity<ProblemDetail> tooManyEvents(PlanAsOf.TooManyEventsException ex) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "register-too-large", "Register too large", ex.getMessage());
    }

    @ExceptionHandler(Negotiation.NotAcceptableException.class)
    public ResponseEntity<ProblemDetail> notAcceptable(Negotiation.NotAcceptableException ex) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "No such format", ex.getMessage());
    }

    @ExceptionHandler(PlanDocumentsController.NoUnitException.class)
    public ResponseEntity<ProblemDetail> noUnit(PlanDocumentsController.NoUnitException ex) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed for this role", ex.getMessage());
    }

    @ExceptionHandler(WebhookController.UnknownWebhookException.class)
    public ResponseEntity<ProblemDetail> unknownWebhook(WebhookController.UnknownWebhookException ex) {
        return problem(HttpStatus.NOT_FOUND, "unknown-webhook", "Unknown webhook", ex.getMessage());
    }

    @ExceptionHandler(UnknownMeasureException.class)
    public ResponseEntity<ProblemDetail> unknown(UnknownMeasureException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                             .body(Problems.of(HttpStatus.NOT_FOUND, "unknown-measure", "Unknown measure", ex.getMessage()));
    }

    @ExceptionHandler(PlanParameters.UnknownPlanException.class)
    public ResponseEntity<ProblemDetail> unknownPlan(PlanParameters.UnknownPlanException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                             .body(Problems.of(HttpStatus.NOT_FOUND, "unknown-plan", "Unknown plan", ex.getMessage()));
    }

    @ExceptionHandler(ProjectionAdmin.UnknownProjectionException.class)
    public ResponseEntity<ProblemDetail> unknownProjection(ProjectionAdmin.UnknownProjectionException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                             .body(Problems.of(HttpStatus.NOT_FOUND, "unknown-projection", "Unknown projection",
                                           ex.getMessage()));
    }

    @ExceptionHandler(ReplayRequests.ReplayInProgressException.class)
    public ResponseEntity<ProblemDetail> replayInProgress(ReplayRequests.ReplayInProgressException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                             .body(Problems.of(HttpStatus.CONFLICT, "replay-in-progress", "A replay is in progress",
                                               ex.getMessage()));
    }

    @ExceptionHandler(OpenStreams.TooManyStreamsException.class)
    public ResponseEntity<ProblemDetail> tooManyStreams(OpenStreams.TooManyStreamsException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                             .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams",
                                               "Too many open streams", ex.getMessage() + "; try again later"));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                             .body(Problems.of(status, type, title, detail));
    }

    /** 503 with Retry-After when the database is unreachable or too slow (see Unavailable), otherwise 500. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        return Unavailable.orInternalError(ex, "the query");
    }
}
