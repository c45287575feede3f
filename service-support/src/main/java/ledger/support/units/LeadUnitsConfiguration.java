package ledger.support.units;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one {@link LeadUnitDirectory} of a service, from the reference data both services ship
 * (seeds/lead-units.json): command-service resolves the names of imports with it, query-service
 * reads a UNIT token's unit against it.
 */
@Configuration
public class LeadUnitsConfiguration {

    @Bean
    public LeadUnitDirectory leadUnitDirectory(
            @Value("${ledger.reference.lead-units:classpath:seeds/lead-units.json}") Resource leadUnits)
            throws IOException {
        try (InputStream json = leadUnits.getInputStream()) {
            return LeadUnitDirectory.load(json);
        }
    }
}
