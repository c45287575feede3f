package ledger.query;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import ledger.testing.FeatureLayoutTests;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rooms of query-service: every feature laid out alike (FeatureLayout), the HTTP edges asking
 * the views through the QueryGateway, and no command ever sent.
 */
class ArchitectureTest extends FeatureLayoutTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ledger");

    private final JavaClasses classes = CLASSES;

    ArchitectureTest() {
        super("ledger.query", CLASSES);
    }

    @Test
    void theEdgesAskTheViewsThroughTheQueryGateway() {
        noClasses().that().resideInAnyPackage("ledger.query.*.api", "ledger.query.commons")
                   .should().dependOnClassesThat(declareQueryHandlers())
                   .because("a view is asked through the QueryGateway, so a JVM client over Axon gets the same "
                            + "answers as the HTTP API (audit, documents and admin read their own rooms: they are "
                            + "not views)")
                   .check(classes);
    }

    @Test
    void theQueryServiceNeverSendsCommands() {
        noClasses().that().resideInAPackage("ledger.query..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.axonframework.commandhandling..")
                   .check(classes);
    }

    @Test
    void webhooksReadOnlyTheAuditRoomAndTheProcessorsAdmin() {
        noClasses().that().resideInAPackage("ledger.query.notify..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("ledger.query.status..", "ledger.query.dashboard..", "ledger.query.stream..",
                                       "ledger.query.bulletin..", "ledger.query.revocation..", "ledger.query.page..")
                   .because("docs/ARCHITECTURE.md: a delivery carries the event as the audit feed shows it")
                   .check(classes);
    }

    private static DescribedPredicate<JavaClass> declareQueryHandlers() {
        return new DescribedPredicate<>("declare query handlers") {
            @Override
            public boolean test(JavaClass type) {
                return type.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(QueryHandler.class));
            }
        };
    }
}
