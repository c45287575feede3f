package ledger.messages;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import ledger.messages.measure.MeasureCommand;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.plan.PlanEvent;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class MessageModuleArchitectureTest {

    private final JavaClasses messages = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ledger.messages");

    @Test
    void theMessageApiDependsOnNeitherSpringNorJpa() {
        noClasses().should().dependOnClassesThat()
                   .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "javax.persistence..",
                                       "org.hibernate..")
                   .check(messages);
    }

    @Test
    void everyEventIsARecordWithARevision() {
        classes().that().implement(MeasureEvent.class).or().implement(PlanEvent.class)
                 .should().beRecords()
                 .andShould().beAnnotatedWith(Revision.class)
                 .check(messages);
    }

    @Test
    void commandsAndEventsAreRecords() {
        classes().that().implement(MeasureCommand.class).should().beRecords().check(messages);
    }
}
