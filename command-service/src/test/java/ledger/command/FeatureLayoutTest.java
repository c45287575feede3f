package ledger.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import ledger.testing.FeatureLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The layout's rules can fail: a service laid out as they say passes each of them, and one that
 * breaks each (ledger.layoutfixture.broken) fails each.
 */
class FeatureLayoutTest {

    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("ledger.layoutfixture");

    @Test
    void aServiceLaidOutAsTheRulesSayPassesThem() {
        FeatureLayout.of("ledger.layoutfixture.good").check(FIXTURES);
    }

    @Test
    void aServiceThatBreaksEachRuleFailsEach() {
        List<ArchRule> rules = FeatureLayout.of("ledger.layoutfixture.broken").rules();
        assertThat(rules).hasSize(6);
        for (ArchRule rule : rules) {
            assertThatThrownBy(() -> rule.check(FIXTURES)).as(rule.getDescription()).isInstanceOf(AssertionError.class);
        }
    }
}
