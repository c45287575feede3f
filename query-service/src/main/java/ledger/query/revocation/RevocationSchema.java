package ledger.query.revocation;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Migrates {@code token_revocation}, the revocation list's own schema with its own history: a
 * table both services read, owned by query-service, apart from the views' migrations.
 */
@Component
public class RevocationSchema implements InitializingBean {

    private final DataSource dataSource;

    public RevocationSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
              .dataSource(dataSource)
              .schemas("token_revocation")
              .defaultSchema("token_revocation")
              .locations("classpath:db/migration/token_revocation")
              .load()
              .migrate();
    }
}
