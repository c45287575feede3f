package ledger.query;

import ledger.support.messaging.StoredMessagesConfiguration;
import ledger.support.web.StrictJsonTypes;
import ledger.support.security.TokenSecurity;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * Projections, status views, dashboards and the audit trail. Reads the event store written by
 * command-service; never appends to it.
 */
@SpringBootApplication
@Import({StoredMessagesConfiguration.class, TokenSecurity.class, StrictJsonTypes.class})
public class QueryServiceApplication {

    /** Each service reads its own configuration file ({@code query-service.yml}); see CommandServiceApplication. */
    public static final String CONFIG_NAME = "spring.config.name=query-service";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(QueryServiceApplication.class).properties(CONFIG_NAME);
    }
}
