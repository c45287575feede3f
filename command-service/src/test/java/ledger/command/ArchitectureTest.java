package ledger.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries of command-service. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ledger");

    @Test
    void theAggregatesUseNeitherSpringNorPersistence() {
        noClasses().that().resideInAnyPackage("ledger.command.measure..", "ledger.command.plan")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.springframework..", "org.axonframework.spring..", "jakarta.persistence..",
                                       "jakarta.servlet..", "java.sql..")
                   .check(classes);
    }

    @Test
    void theAggregateKnowsNothingOfTheWebOrTheDispatcher() {
        noClasses().that().resideInAPackage("ledger.command.measure..")
                   .should().dependOnClassesThat().resideInAnyPackage("ledger.command.web..", "ledger.command.dispatch..")
                   .check(classes);
    }

    @Test
    void theCommandServiceNeverImportsTheQueryService() {
        noClasses().that().resideInAPackage("ledger.command..")
                   .should().dependOnClassesThat().resideInAPackage("ledger.query..")
                   .check(classes);
    }
}
