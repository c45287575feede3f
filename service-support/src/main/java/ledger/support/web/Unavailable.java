package ledger.support.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Failures that mean the database cannot serve the request now, rather than that the request or
 * the ledger is wrong: the store is unreachable or restarting, or a statement ran past
 * {@code statement_timeout}. Both are answered 503 with {@code Retry-After}; the request's
 * transaction has rolled back, so a retry (with the same Idempotency-Key) is always safe.
 */
public final class Unavailable {

    /** How long a client should wait before retrying when the database is unreachable. */
    static final Duration STORE_DOWN_RETRY = Duration.ofSeconds(5);
    /** ... and when a statement timed out (a lock held too long, an overloaded database). */
    static final Duration TIMEOUT_RETRY = Duration.ofSeconds(2);

    /** SQLSTATEs of a database going away: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
    private static final Set<String> GOING_AWAY = Set.of("57P01", "57P02", "57P03", "53300");
    /** query_canceled (statement_timeout) and lock_not_available (lock_timeout). */
    private static final Set<String> TIMED_OUT = Set.of("57014", "55P03");

    private static final Logger log = LoggerFactory.getLogger(Unavailable.class);

    private Unavailable() {
    }

    /**
     * The answer to a failure no handler expected: 503 when the database is unavailable (see
     * {@link #answer}), otherwise 500 and the stack trace in the log. {@code what} names it for
     * people: "the command", "the query".
     */
    public static ResponseEntity<ProblemDetail> orInternalError(Exception failure, String what) {
        return answer(failure)
                .map(unavailable -> {
                    log.warn("database unavailable for {}: {}", what, failure.toString());
                    return unavailable;
                })
                .orElseGet(() -> {
                    log.error("{} failed unexpectedly", what, failure);
                    return ResponseEntity.internalServerError().body(Problems.of(
                            HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                            what + " failed; nothing was written"));
                });
    }

    /** The 503 answer when {@code failure} is one of these, otherwise empty. */
    public static Optional<ResponseEntity<ProblemDetail>> answer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && TIMED_OUT.contains(sql.getSQLState())) {
                return Optional.of(answer("timeout", "The database took too long",
                                          "a statement ran past the database's time limit; nothing was written, "
                                          + "try again later", TIMEOUT_RETRY));
            }
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                || t instanceof SQLException sql && sql.getSQLState() != null
                   && (sql.getSQLState().startsWith("08") || GOING_AWAY.contains(sql.getSQLState()))
                || t instanceof CannotCreateTransactionException
                // a commit or rollback that failed with its connection: the outcome is the database's to tell
                || t instanceof TransactionSystemException
                || t instanceof DataAccessResourceFailureException) {
                return Optional.of(answer("store-unavailable", "Database unavailable",
                                          "the database cannot be reached; the request was not acknowledged: "
                                          + "send it again later (a command with the same Idempotency-Key, "
                                          + "so that it takes effect once)",
                                          STORE_DOWN_RETRY));
            }
        }
        return Optional.empty();
    }

    private static ResponseEntity<ProblemDetail> answer(String type, String title, String detail, Duration retryAfter) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                             .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()))
                             .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail));
    }
}
