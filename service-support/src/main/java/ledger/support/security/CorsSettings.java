package ledger.support.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.util.List;

/** Which browser origins may call the API. */
@Configuration(proxyBeanMethods = false)
public class CorsSettings {

    /**
     * Closed unless origins are configured ({@code ledger.cors.allowed-origins}, comma-separated),
     * for instance a dashboard's.
     */
    @Bean
    public CorsConfigurationSource corsConfigurationSource(
            @Value("${ledger.cors.allowed-origins:}") List<String> allowedOrigins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
        if (!origins.isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(origins);
            cors.setAllowedMethods(List.of("GET", "POST"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "If-Match", "Idempotency-Key",
                                           "X-Correlation-Id"));
            cors.setExposedHeaders(List.of("ETag", "Location", "Idempotent-Replayed", "Ledger-View-Rebuilding"));
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }
}
