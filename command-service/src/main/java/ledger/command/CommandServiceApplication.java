package ledger.command;

import ledger.support.messaging.StoredMessagesConfiguration;
import ledger.support.web.StrictJsonTypes;
import ledger.support.security.TokenSecurity;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The command side: the Measure aggregate behind the command REST API. */
@SpringBootApplication
@Import({StoredMessagesConfiguration.class, TokenSecurity.class, StrictJsonTypes.class})
public class CommandServiceApplication {

    /**
     * Each service reads its own configuration file ({@code command-service.yml}), so both can run
     * in one JVM, as the end-to-end tests do.
     */
    public static final String CONFIG_NAME = "spring.config.name=command-service";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CommandServiceApplication.class).properties(CONFIG_NAME);
    }
}
