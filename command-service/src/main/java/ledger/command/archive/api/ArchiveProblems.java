package ledger.command.archive.api;

import ledger.command.archive.ArchiveException;
import ledger.support.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** An export or restore refused, as a problem: the answer's body, or the last line of a stream. */
public final class ArchiveProblems {

    private ArchiveProblems() {
    }

    public static HttpStatus status(ArchiveException e) {
        return switch (e.kind()) {
            case BAD_DIRECTORY -> HttpStatus.BAD_REQUEST;
            case DAMAGED_EXPORT -> HttpStatus.UNPROCESSABLE_ENTITY;
            case STORE_NOT_EMPTY -> HttpStatus.CONFLICT;
        };
    }

    public static ProblemDetail problem(ArchiveException e) {
        String type = switch (e.kind()) {
            case BAD_DIRECTORY -> "archive-directory";
            case DAMAGED_EXPORT -> "damaged-export";
            case STORE_NOT_EMPTY -> "store-not-empty";
        };
        return Problems.of(status(e), type, "Export or restore refused", e.getMessage());
    }
}
