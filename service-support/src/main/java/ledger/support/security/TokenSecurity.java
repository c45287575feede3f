package ledger.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ledger.messages.Actor;
import ledger.messages.ActorRole;
import ledger.support.ratelimit.ActorRateLimits;
import ledger.support.ratelimit.RateLimitFilter;
import ledger.support.ratelimit.RateLimitProperties;
import ledger.support.web.Problems;
import ledger.support.web.ProblemErrorPages;
import ledger.support.web.RejectedRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ledger.support.observability.Observability;
import ledger.support.openapi.LedgerOpenApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Both services are OAuth2 resource servers: a JWT (from a real identity provider, or signed by
 * the local key of {@code ./ledger}) names the actor in {@code sub}, its role in {@code role} and,
 * for a lead unit, the unit in {@code unit}. Only health and the OpenAPI descriptions answer without one.
 * 401 and 403 are problem+json; a refused request is logged with its actor, never its token.
 */
@Configuration(proxyBeanMethods = false)
@Import({ProblemErrorPages.class, TokenChecks.class, StrictFirewall.class, CorsSettings.class, Observability.class, LedgerOpenApi.class})
@EnableConfigurationProperties(RateLimitProperties.class)
public class TokenSecurity {

    /** The rules of one service: which roles may call which endpoints. */
    public interface AccessRules extends Customizer<
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {
    }

    /**
     * No observation around each of Spring Security's filters and its authentication: with only
     * {@code management.observations.enable.spring.security=false} they are still wrapped, each in a
     * no-op observation built per filter and request (docs/PERFORMANCE.md). The actor is in the log
     * context; the HTTP metrics stay.
     */
    @Bean
    public SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Health answers whoever asks, whatever token comes with the question (load balancers, probes);
     * a valid ADMIN token sees the details (the processors' state, the pool, the database).
     */
    @Bean
    @Order(0)
    public SecurityFilterChain healthFilterChain(HttpSecurity http, ObjectProvider<JwtDecoder> decoder)
            throws Exception {
        http.securityMatcher("/actuator/health", "/actuator/health/**")
            .addFilterBefore(new OptionalBearerAuthentication(decoder), AuthorizationFilter.class)
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(authorize -> authorize.requestMatchers(HttpMethod.GET, "/actuator/health",
                                                                          "/actuator/health/**").permitAll()
                                                         .anyRequest().denyAll());
        return http.build();
    }

    /**
     * The OpenAPI descriptions and Swagger UI are read without a token (by a browser, a client
     * generator): they describe the API and hold no data, which stays behind a token.
     */
    @Bean
    @Order(0)
    public SecurityFilterChain apiDocsFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(API_DOCS)
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(authorize -> authorize.requestMatchers(HttpMethod.GET, API_DOCS).permitAll()
                                                         .anyRequest().denyAll());
        return http.build();
    }

    /** The OpenAPI description, its Swagger UI and the UI's assets. */
    public static final String[] API_DOCS = {"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                             "/swagger-ui.html", "/swagger-ui/**"};

    /** Who may scrape the metrics (Prometheus's text format): an ADMIN token, as for every other operator's read. */
    public static final String METRICS_ROLE = "ADMIN";

    @Bean
    @Order(1)
    public SecurityFilterChain securityFilterChain(HttpSecurity http, AccessRules rules, ObjectMapper json,
                                                   RateLimitProperties rateLimits,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuerUri) throws Exception {
        Unauthenticated unauthenticated = new Unauthenticated(json, issuerUri);
        if (rateLimits.isEnabled() && !rateLimits.getLimits().isEmpty()) {
            // after the authorization: only requests the actor may send count, and a refused one never runs
            http.addFilterAfter(new RateLimitFilter(new ActorRateLimits(rateLimits.rules()), json),
                                AuthorizationFilter.class);
        }
        // the actor joins the log context once the token is read, before the role is checked
        http.addFilterAfter(new ActorLogContext(), BearerTokenAuthenticationFilter.class);
        http.csrf(csrf -> csrf.disable())   // bearer tokens only, no cookies: nothing for CSRF to ride on
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .cors(Customizer.withDefaults())
            .authorizeHttpRequests(authorize -> {
                authorize.requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasRole(METRICS_ROLE);
                rules.customize(authorize);
                authorize.anyRequest().authenticated();
            })
            .oauth2ResourceServer(server -> server
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(TokenActors.authenticationConverter()))
                    .authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(new Forbidden(json)))
            .exceptionHandling(handling -> handling
                    .authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(new Forbidden(json)));
        return http.build();
    }
}
