package ledger.command.config;

import ledger.support.security.TokenSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may send which command (the table of endpoints in docs/API.md). A lead unit's commands are further
 * limited to its own measures by the Measure aggregate.
 */
@Configuration
public class AccessRules {

    @Bean
    public TokenSecurity.AccessRules commandAccessRules() {
        return authorize -> authorize
                .requestMatchers(HttpMethod.POST, "/api/v1/measures/*/plan", "/api/v1/measures/*/progress")
                .hasRole("UNIT")
                .requestMatchers(HttpMethod.POST, "/api/v1/measures", "/api/v1/plans/import",
                                 "/api/v1/measures/*/verification", "/api/v1/measures/*/escalations",
                                 "/api/v1/measures/*/escalations/resolve", "/api/v1/measures/*/due-date")
                .hasRole("SUPERVISOR")
                // a batch may hold both kinds: each item is checked as its command is (ActorRequired)
                .requestMatchers(HttpMethod.POST, "/api/v1/commands").hasAnyRole("UNIT", "SUPERVISOR")
                .requestMatchers(HttpMethod.POST, "/api/v1/admin/export", "/api/v1/admin/restore").hasRole("ADMIN");
    }
}
