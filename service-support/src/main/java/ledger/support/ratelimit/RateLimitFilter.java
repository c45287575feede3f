package ledger.support.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ledger.support.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Holds each authenticated actor to the rate limits, after the token was checked and the role
 * allowed the request and before any handler runs: a refused request does nothing and is answered
 * 429 problem+json with {@code Retry-After} (whole seconds, at least 1).
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final ActorRateLimits limits;
    private final ObjectMapper json;

    public RateLimitFilter(ActorRateLimits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token) || token.getToken().getSubject() == null) {
            chain.doFilter(request, response);
            return;
        }
        String actor = token.getToken().getSubject();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<ActorRateLimits.Refusal> refusal = limits.take(actor, request.getMethod(), path);
        if (refusal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (refusal.get().retryAfter().toMillis() + 999) / 1000);
        log.warn("rate limit {} refused {} {} for {}; retry after {} s", refusal.get().limit(), request.getMethod(),
                 path, actor, seconds);
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                                           "the " + refusal.get().limit() + " limit of " + actor
                                           + " is used up; retry after " + seconds + " s");
        problem.setProperty("limit", refusal.get().limit());
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
