package ledger.support.web;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the database being away or slow (503 with Retry-After), and which are not. */
class UnavailableTest {

    @Test
    void aLostOrRefusedConnectionIsTheStoreUnavailable() {
        assertStoreUnavailable(new IllegalStateException("append failed", new SQLException("I/O error", "08006")));
        assertStoreUnavailable(new SQLException("terminating connection due to administrator command", "57P01"));
        assertStoreUnavailable(new SQLTransientConnectionException("pool: connection is not available"));
        // a commit that failed with its connection, then a rollback on the closed connection
        assertStoreUnavailable(new TransactionSystemException("JDBC rollback failed",
                                                              new SQLException("Connection is closed")));
    }

    @Test
    void aStatementPastItsTimeLimitIsATimeout() {
        var answer = Unavailable.answer(new RuntimeException(new SQLException("canceling statement", "57014")));
        assertThat(answer).hasValueSatisfying(a -> {
            assertThat(a.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(a.getHeaders().getFirst("Retry-After")).isEqualTo("2");
            assertThat(a.getBody().getType().toString()).isEqualTo("urn:ledger:problem:timeout");
        });
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(Unavailable.answer(new IllegalStateException("a bug"))).isEmpty();
        assertThat(Unavailable.answer(new DataIntegrityViolationException("duplicate",
                                                                          new SQLException("dup", "23505")))).isEmpty();
        assertThat(Unavailable.orInternalError(new IllegalStateException("a bug"), "the test").getStatusCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    private static void assertStoreUnavailable(Exception failure) {
        var answer = Unavailable.answer(failure);
        assertThat(answer).as(failure.toString()).hasValueSatisfying(a -> {
            assertThat(a.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(a.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(a.getBody().getType().toString()).isEqualTo("urn:ledger:problem:store-unavailable");
        });
    }
}
