package ledger.command.config;

import ledger.command.importing.NoticeParser;
import ledger.support.units.LeadUnitsConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The reference data imports resolve names through (seeds/lead-units.json, packaged with the service). */
@Configuration
@Import(LeadUnitsConfiguration.class)
public class ReferenceDataConfiguration {

    @Bean
    public NoticeParser noticeParser() {
        return new NoticeParser();
    }
}
