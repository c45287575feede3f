package ledger.query.config;

import ledger.support.security.TokenSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Who may read what (the README's role table). */
@Configuration
public class AccessRules {

    @Bean
    public TokenSecurity.AccessRules queryAccessRules() {
        return authorize -> authorize
                // the dashboard page and its assets hold no data: it reads everything from the API, with a token
                .requestMatchers(HttpMethod.GET, "/", "/index.html", "/app/**", "/vendor/**", "/ui/config.json")
                .permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/audit/seals").hasAnyRole("AUDITOR", "ADMIN")
                // a measure's handling record is the supervision office's daily work as well as the auditors'
                .requestMatchers(HttpMethod.GET, "/api/v1/measures/*/history").hasAnyRole("AUDITOR", "SUPERVISOR")
                .requestMatchers(HttpMethod.GET, "/api/v1/measures/*/state", "/api/v1/audit/**")
                .hasRole("AUDITOR")
                .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                // bulletins for the office and auditors; a lead unit gets the register of its own measures
                .requestMatchers(HttpMethod.GET, "/api/v1/plans/*/bulletin").hasAnyRole("SUPERVISOR", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/api/v1/plans/*/register").hasAnyRole("SUPERVISOR", "AUDITOR", "UNIT")
                .requestMatchers(HttpMethod.GET, "/api/v1/measures", "/api/v1/measures/*", "/api/v1/dashboard/**",
                                 "/api/v1/stream", "/api/v1/plans/*/status")
                .hasAnyRole("READER", "AUDITOR", "SUPERVISOR", "UNIT");
    }
}
