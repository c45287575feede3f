package ledger.command.measure.api;

import ledger.command.commons.RequestHeaders;
import com.fasterxml.jackson.annotation.JsonIgnore;
import ledger.command.commons.CommandFailures;
import ledger.command.dispatch.CommandDispatcher.Dispatched;
import ledger.support.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/** What became of a batch: how many items were done, and each item's outcome in order. */
public record BatchOutcome(int done, int failed, List<ItemOutcome> items) {

    /** What became of one item: the status its endpoint would answer, and its body. */
    public record ItemOutcome(int index, int status, String measureId, Long version, Boolean replayed,
                              ProblemDetail problem, @JsonIgnore String retryAfter) {

        static ItemOutcome done(int index, HttpStatus status, Dispatched dispatched) {
            return new ItemOutcome(index, status.value(), dispatched.outcome().measureId(),
                                   dispatched.outcome().version(), dispatched.replayed(), null, null);
        }

        /** Refused or failed: the problem its endpoint would answer (CommandFailures). */
        static ItemOutcome failed(int index, Throwable failure) {
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            ResponseEntity<ProblemDetail> answer = CommandFailures.answer(cause);
            return new ItemOutcome(index, answer.getStatusCode().value(), null, null, null, answer.getBody(),
                                   answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        }
    }

    /**
     * 200 with every item's outcome when at least one was done. When none was, the batch as a
     * whole is refused, with the status its items share (400 for bad input, 403, 409, a 503 with
     * Retry-After while the database is away), or 422 when they differ; the problem lists every
     * item's outcome. Nothing was written.
     */
    static ResponseEntity<?> answer(List<ItemOutcome> results, String correlationId) {
        int done = (int) results.stream().filter(r -> r.problem() == null).count();
        if (done > 0) {
            return ResponseEntity.ok().header(RequestHeaders.CORRELATION_ID, correlationId)
                                 .body(new BatchOutcome(done, results.size() - done, results));
        }
        Set<Integer> statuses = new TreeSet<>();
        results.forEach(r -> statuses.add(r.status()));
        HttpStatus status = statuses.size() == 1 ? HttpStatus.valueOf(statuses.iterator().next())
                : HttpStatus.UNPROCESSABLE_ENTITY;
        ProblemDetail problem = Problems.of(status, "batch-refused", "No command of the batch was done",
                                            results.size() == 1 ? results.get(0).problem().getDetail()
                                                    : "every item was refused (statuses " + statuses
                                                      + "); see items; nothing was written");
        problem.setProperty("items", results);
        var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                     .header(RequestHeaders.CORRELATION_ID, correlationId);
        String retryAfter = results.get(0).retryAfter();
        if (status == HttpStatus.SERVICE_UNAVAILABLE && retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }
}
