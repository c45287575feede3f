package ledger.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;

/**
 * Requests refused by Spring Security's HTTP firewall answer 400 problem+json, as every other bad
 * input does. The firewall refuses a URL before any controller runs (an encoded '/' or NUL, "..")
 * and does so through the {@link RequestRejectedHandler}; it refuses a header only when the header
 * is read, inside a controller, and that arrives here as an exception. Neither echoes the refused
 * text: it may be a token. (Each service's problem handler answers the second through {@link
 * LedgerProblemHandler}.)
 */
public final class RejectedRequests {

    private static final Logger log = LoggerFactory.getLogger(RejectedRequests.class);

    /** For the firewall's refusals of a URL, before the request reaches Spring MVC. */
    public static RequestRejectedHandler handler(ObjectMapper json) {
        return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) -> {
            log.info("refused by the firewall: {} ({})", request.getMethod(), e.getMessage());
            ProblemDetail problem = problem(e);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        };
    }

    private RejectedRequests() {
    }

    /** For a header the firewall refuses when a controller reads it (LedgerProblemHandler). */
    static ResponseEntity<ProblemDetail> answer(RequestRejectedException e) {
        log.info("refused by the firewall: {}", e.getMessage());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(e));
    }

    static ProblemDetail problem(RequestRejectedException e) {
        String message = String.valueOf(e.getMessage());
        boolean header = message.contains("header");
        return Problems.of(HttpStatus.BAD_REQUEST, header ? "invalid-header" : "rejected-url",
                           header ? "Invalid header" : "URL not allowed",
                           header ? "a header name or value holds a control character or an unassigned code point"
                                    + " (header values are read as ISO-8859-1; keys and ids must be visible ASCII)"
                                  : "the URL holds a sequence that is not allowed (an encoded '/', '\\', '%' or ';',"
                                    + " a NUL or another control character, '//' or '..')");
    }
}
