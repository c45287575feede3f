package ledger.query.bulletin;

import ledger.support.units.LeadUnitsConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/** The documents' words, and the lead units' names a UNIT token's unit is read against. */
@Configuration
@Import(LeadUnitsConfiguration.class)
public class BulletinConfiguration {

    @Bean
    public Labels bulletinLabels(Clock clock) {
        return new Labels(clock.getZone());
    }
}
