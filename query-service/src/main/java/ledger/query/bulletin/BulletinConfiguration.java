package ledger.query.bulletin;

import ledger.support.units.LeadUnitDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

/** The documents' words, and the lead units' names a UNIT token's unit is read against. */
@Configuration
public class BulletinConfiguration {

    @Bean
    public Labels bulletinLabels(Clock clock) {
        return new Labels(clock.getZone());
    }

    /** The same reference data command-service resolves names with (seeds/lead-units.json). */
    @Bean
    public LeadUnitDirectory leadUnitDirectory(
            @Value("${ledger.reference.lead-units:classpath:seeds/lead-units.json}") Resource leadUnits)
            throws IOException {
        try (InputStream json = leadUnits.getInputStream()) {
            return LeadUnitDirectory.load(json);
        }
    }
}
