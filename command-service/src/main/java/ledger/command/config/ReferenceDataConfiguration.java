package ledger.command.config;

import ledger.support.units.LeadUnitDirectory;
import ledger.command.importing.NoticeParser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;

/** The reference data imports resolve names through (seeds/lead-units.json, packaged with the service). */
@Configuration
public class ReferenceDataConfiguration {

    @Bean
    public LeadUnitDirectory leadUnitDirectory(
            @Value("${ledger.reference.lead-units:classpath:seeds/lead-units.json}") Resource leadUnits)
            throws IOException {
        try (InputStream json = leadUnits.getInputStream()) {
            return LeadUnitDirectory.load(json);
        }
    }

    @Bean
    public NoticeParser noticeParser() {
        return new NoticeParser();
    }
}
