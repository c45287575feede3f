package ledger.query.bulletin;

import ledger.support.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The plan documents' own refusals, as problem+json (before the query API's catch-all):
 * an unknown plan 404, a position not yet settled 400, no format the caller takes 406, a UNIT
 * token without a unit 403, a register of more events than it may hold in memory 422.
 */
@RestControllerAdvice(assignableTypes = PlanDocumentsController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BulletinProblems {

    @ExceptionHandler(PlanSnapshots.UnknownPlanException.class)
    public ResponseEntity<ProblemDetail> unknownPlan(PlanSnapshots.UnknownPlanException ex) {
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

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        // set explicitly: the request's Accept (say, a spreadsheet) must not keep the problem from being written
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                             .body(Problems.of(status, type, title, detail));
    }
}
