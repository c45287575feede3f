package ledger.query;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries of query-service: it reads events, it never handles or sends commands. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ledger");

    @Test
    void theQueryServiceNeverImportsTheCommandService() {
        noClasses().that().resideInAPackage("ledger.query..")
                   .should().dependOnClassesThat().resideInAPackage("ledger.command..")
                   .check(classes);
    }

    @Test
    void theQueryApiReadsTheViewsAndTheStreamThroughTheQueryGateway() {
        noClasses().that().resideInAPackage("ledger.query.web..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("ledger.query.status..", "ledger.query.dashboard..", "ledger.query.stream..")
                   .because("docs/ARCHITECTURE.md: the query REST API asks through the QueryGateway, so a JVM "
                            + "client over Axon gets the same answers")
                   .check(classes);
    }

    @Test
    void theQueryServiceNeverSendsCommands() {
        noClasses().that().resideInAPackage("ledger.query..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.axonframework.commandhandling..")
                   .check(classes);
    }
}
