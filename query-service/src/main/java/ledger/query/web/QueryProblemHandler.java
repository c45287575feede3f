package ledger.query.web;

import ledger.query.admin.ProjectionAdmin;
import ledger.query.admin.ReplayRequests;
import ledger.support.web.LedgerProblemHandler;
import ledger.support.web.LedgerService;
import ledger.support.web.Problems;
import org.springframework.core.env.Environment;
import ledger.support.web.Unavailable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/** Every error of the query API as {@code application/problem+json}. */
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

    /** 503 with Retry-After when the database is unreachable or too slow (see Unavailable), otherwise 500. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        return Unavailable.orInternalError(ex, "the query");
    }
}
