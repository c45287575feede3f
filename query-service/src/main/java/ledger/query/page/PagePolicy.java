package ledger.query.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * A strict Content-Security-Policy on the dashboard page and its assets: scripts, styles, images
 * and fonts only from this service, no inline script or style, no plugins, no framing, no
 * {@code <base>}; the page connects only to this service and, where one is configured, to the
 * identity provider (discovery and token endpoint). Swagger UI keeps its own pages, which need
 * inline code, so the policy is set on the page's paths only.
 */
@Configuration(proxyBeanMethods = false)
public class PagePolicy {

    /** The policy, with the identity provider's origin allowed to be connected to when there is one. */
    public static String policy(UiSettings settings) {
        String connect = "'self'" + settings.issuerOrigin().map(origin -> " " + origin).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
               + "connect-src " + connect + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
               + "form-action 'self'";
    }

    @Bean
    public FilterRegistrationBean<OncePerRequestFilter> pageSecurityHeaders(UiSettings settings) {
        String policy = policy(settings);
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                response.setHeader("Content-Security-Policy", policy);
                response.setHeader("Referrer-Policy", "no-referrer");
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        // servlet URL patterns: "/app/*" covers everything below /app, "/" only the default servlet's
        registration.setUrlPatterns(List.of("", "/index.html", "/app/*", "/vendor/*", "/ui/*"));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
