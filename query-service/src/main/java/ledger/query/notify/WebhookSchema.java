package ledger.query.notify;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Migrates {@code webhook}, the notifications' own schema with its own history, apart from the
 * views' migrations (so neither can take the other's version numbers).
 */
@Component
public class WebhookSchema implements InitializingBean {

    public static final String SCHEMA = "webhook";

    private final DataSource dataSource;

    public WebhookSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
              .dataSource(dataSource)
              .schemas(SCHEMA)
              .defaultSchema(SCHEMA)
              .locations("classpath:db/migration/webhook")
              .load()
              .migrate();
    }
}
