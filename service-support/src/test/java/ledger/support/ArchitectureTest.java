package ledger.support;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The rooms of service-support, as docs/ARCHITECTURE.md states them. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ledger.support");

    @Test
    void itsRoomsDependOnEachOtherWithoutCycles() {
        slices().matching("ledger.support.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void problemsAndRequestBasicsStandOnNothingElseOfIt() {
        noClasses().that().resideInAnyPackage("ledger.support.web..", "ledger.support.units..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("ledger.support.security..", "ledger.support.observability..",
                                       "ledger.support.openapi..", "ledger.support.ratelimit..",
                                       "ledger.support.messaging..")
                   .check(classes);
    }

    @Test
    void theLogContextKnowsNothingOfTokens() {
        noClasses().that().resideInAPackage("ledger.support.observability..")
                   .should().dependOnClassesThat().resideInAnyPackage("ledger.support.security..",
                                                                      "org.springframework.security..")
                   .because("the security chain puts the actor into the log context, not the other way round")
                   .check(classes);
    }

    @Test
    void theStoredFormOfMessagesIsNoWebConcern() {
        noClasses().that().resideInAPackage("ledger.support.messaging..")
                   .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                                                                      "jakarta.servlet..", "ledger.support.web..",
                                                                      "ledger.support.security..")
                   .check(classes);
    }
}
