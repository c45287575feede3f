package ledger.command.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** Export and restore on command-service's DataSource: it is the only writer of the event store. */
@Configuration
public class ArchiveConfiguration {

    @Bean
    public LedgerExport ledgerExport(DataSource dataSource, @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                                     Clock clock, ObjectProvider<BuildProperties> build,
                                     @Value("${ledger.archive.timeout:6h}") Duration timeout) {
        return new LedgerExport(dataSource, json, clock, producer(build.getIfAvailable()), timeout);
    }

    @Bean
    public LedgerRestore ledgerRestore(DataSource dataSource, @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                                       @Value("${ledger.archive.timeout:6h}") Duration timeout) {
        return new LedgerRestore(dataSource, json, timeout);
    }

    static String producer(BuildProperties build) {
        return "supervision-ledger command-service " + (build == null ? "unknown version" : build.getVersion());
    }
}
