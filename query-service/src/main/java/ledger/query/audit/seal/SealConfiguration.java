package ledger.query.audit.seal;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.query.audit.EventStoreAudit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Seals are made by query-service: it already holds the auditors' read of the event store and its
 * high-water mark (the settled position a seal needs), and command-service's write path stays as
 * it is. Their table is in query_view, which query-service alone writes (docs/AUDIT.md, Seals).
 */
@Configuration
public class SealConfiguration {

    @Bean
    public Seals seals(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventStoreAudit audit,
                       ObjectMapper json,
                       @Value("${ledger.seals.private-key:}") String privateKey,
                       @Value("${ledger.seals.public-key:}") String publicKey,
                       @Value("${ledger.seals.file:}") String file) {
        SealingKey key = publicKey.isBlank() ? null
                                             : SealingKey.read(privateKey.isBlank() ? null : Path.of(privateKey),
                                                               Path.of(publicKey));
        return new Seals(jdbc, new TransactionTemplate(transactions), audit, key,
                         file.isBlank() ? null : new SealFile(Path.of(file), json), Clock.systemUTC());
    }

    @Bean
    public SealSchedule sealSchedule(Seals seals, @Value("${ledger.seals.interval:PT10M}") Duration interval) {
        return new SealSchedule(seals, interval);
    }
}
