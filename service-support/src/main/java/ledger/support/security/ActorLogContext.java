package ledger.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ledger.support.observability.LogContext;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Once the token is checked, the actor it names (never the token) joins the request's log
 * context, so that a refusal, the command and everything it logs say who asked. Cleared with the
 * rest of the context by RequestLogContext.
 */
public class ActorLogContext extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TokenActors.currentActor().ifPresent(actor -> {
            LogContext.putIfPresent(LogContext.ACTOR_ID, actor.id());
            LogContext.putIfPresent(LogContext.ACTOR_ROLE, actor.role().name());
        });
        chain.doFilter(request, response);
    }
}
