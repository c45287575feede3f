package ledger.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * On the health endpoint a token is optional: health answers everybody, whatever comes with the
 * question (a probe, a load balancer), and shows its details only to an ADMIN. A valid token is
 * therefore read here; a missing or bad one leaves the request anonymous instead of refusing it.
 */
class OptionalBearerAuthentication extends OncePerRequestFilter {

    private final ObjectProvider<JwtDecoder> decoder;
    private final DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();

    OptionalBearerAuthentication(ObjectProvider<JwtDecoder> decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            String token = tokens.resolve(request);
            JwtDecoder jwtDecoder = decoder.getIfAvailable();
            if (token != null && jwtDecoder != null) {
                var authentication = TokenActors.authenticationConverter().convert(jwtDecoder.decode(token));
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(authentication);
                SecurityContextHolder.setContext(context);
            }
        } catch (JwtException | AuthenticationException e) {
            SecurityContextHolder.clearContext();   // not shown the details, but answered all the same
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
