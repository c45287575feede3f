package ledger.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ledger.messages.Actor;
import ledger.support.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.util.Optional;

/** 403 as problem+json, naming the role that may not; logged with the actor, never the token. */
final class Forbidden implements AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(Forbidden.class);

    private final ObjectMapper json;

    Forbidden(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Optional<Actor> actor = TokenActors.currentActor();
        log.warn("refused {} {} for {}", request.getMethod(), request.getRequestURI(),
                 actor.map(a -> a.id() + " (role " + a.role() + ", unit " + a.unit() + ")").orElse("an unknown actor"));
        problem(response, HttpStatus.FORBIDDEN, "forbidden", "Not allowed for this role",
                "the token's role " + actor.map(a -> a.role().name()).orElse("(none)") + " may not "
                + request.getMethod() + " " + request.getRequestURI());
    }

    private void problem(HttpServletResponse response, HttpStatus status, String type,
                        String title, String detail) throws IOException {
        ProblemDetail problem = Problems.of(status, type, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
