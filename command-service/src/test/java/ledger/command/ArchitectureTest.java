package ledger.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import ledger.testing.FeatureLayoutTests;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The rooms of command-service: every feature laid out alike (FeatureLayout), the aggregates plain. */
class ArchitectureTest extends FeatureLayoutTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ledger");

    private final JavaClasses classes = CLASSES;

    ArchitectureTest() {
        super("ledger.command", CLASSES);
    }

    @Test
    void theAggregatesUseNeitherSpringNorPersistence() {
        noClasses().that().resideInAnyPackage("ledger.command.measure", "ledger.command.plan")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.springframework..", "org.axonframework.spring..", "jakarta.persistence..",
                                       "jakarta.servlet..", "java.sql..", "javax.sql..")
                   .check(classes);
    }

    @Test
    void theAggregatesKnowNothingOfTheDispatcherOrTheEdge() {
        noClasses().that().resideInAnyPackage("ledger.command.measure", "ledger.command.plan")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("ledger.command.dispatch..", "ledger.command.commons..", "ledger.command.config..")
                   .check(classes);
    }

    @Test
    void theCountersReadOnlyMessages() {
        noClasses().that().resideInAPackage("ledger.command.metrics..")
                   .should().dependOnClassesThat().resideInAnyPackage("ledger.command.measure..", "ledger.command.plan..",
                                                                      "ledger.command.dispatch..", "ledger.command.importing..",
                                                                      "ledger.command.archive..", "ledger.command.commons..",
                                                                      "ledger.command.config..", "ledger.command.deadline..")
                   .because("docs/ARCHITECTURE.md: the counters see events, deadlines and metadata, never the rooms "
                            + "that make them")
                   .check(classes);
    }

    @Test
    void theNoticeParserIsPure() {
        classes().that().resideInAPackage("ledger.command.importing")
                 .and().haveSimpleNameStartingWith("Notice").or().haveSimpleName("ParsedNotice")
                 .should().onlyDependOnClassesThat()
                 .resideInAnyPackage("java.lang..", "java.util..", "java.time..", "java.text..", "java.nio.charset..",
                                     "ledger.command.importing", "ledger.messages..", "ledger.support.units")
                 .because("docs/ARCHITECTURE.md: the parser is a function of the notice's text and the reference data")
                 .check(classes);
    }
}
