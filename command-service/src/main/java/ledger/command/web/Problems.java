package ledger.command.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** RFC 9457 problem types of the command API; the type URIs are stable identifiers for clients. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:ledger:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
