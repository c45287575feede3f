package ledger.command.dispatch;

import ledger.command.support.LedgerApiTest;
import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.Verdict;
import ledger.messages.measure.VerifyMeasure;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that arrive straight over Axon, past HTTP's binding: an invalid payload is refused
 * before any measure is loaded, as INVALID with the message the measure gave before the checks
 * moved out of it, and nothing is appended.
 */
class PayloadChecksTest extends LedgerApiTest {

    private static final Map<String, String> OFFICE = Map.of(
            MetadataKeys.ACTOR_ID, "office-1", MetadataKeys.ACTOR_ROLE, "SUPERVISOR");
    private static final Map<String, String> LEAD_UNIT = Map.of(
            MetadataKeys.ACTOR_ID, "clerk-1", MetadataKeys.ACTOR_ROLE, "UNIT", MetadataKeys.ACTOR_UNIT, "省府办公厅");

    @Autowired
    CommandGateway commands;

    @Test
    void anAssignmentWhoseIdIsNotItsPlanAndNumberIsRefused() {
        String planId = registeredPlanId();
        long before = storedEvents();

        CommandRejection rejection = refusal(assign(planId + "-7", planId), OFFICE);

        assertThat(rejection.kind()).isEqualTo(CommandRejection.Kind.INVALID);
        assertThat(rejection.message()).isEqualTo("measureId must be " + planId + "-1 (plan id and number), was "
                                                  + planId + "-7");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void invalidPayloadsForAnExistingMeasureAreRefusedAndAppendNothing() {
        String planId = registeredPlanId();
        String measureId = planId + "-1";
        assertThat(send(assign(measureId, planId), OFFICE)).as("assigned").isNull();
        long before = storedEvents();

        CommandRejection percent = refusal(new ReportProgress(measureId, 150, "进展", List.of(), null, null), LEAD_UNIT);
        CommandRejection notes = refusal(new VerifyMeasure(measureId, Verdict.REJECTED, " ", null), OFFICE);

        assertThat(percent.kind()).isEqualTo(CommandRejection.Kind.INVALID);
        assertThat(percent.message()).isEqualTo("percentComplete must be between 0 and 100, was 150");
        assertThat(notes.kind()).isEqualTo(CommandRejection.Kind.INVALID);
        assertThat(notes.message()).isEqualTo("notes (the reasons for the rejection) is required");
        assertThat(storedEvents()).isEqualTo(before);
    }

    private CommandRejection refusal(Object command, Map<String, String> metadata) {
        CommandExecutionException refusal = send(command, metadata);
        assertThat(refusal).as("refused").isNotNull();
        return refusal.<CommandRejection>getDetails().orElseThrow();
    }

    private CommandExecutionException send(Object command, Map<String, String> metadata) {
        return ActorRequiredTest.refusalOf(commands, command, metadata);
    }

    private static AssignMeasure assign(String measureId, String planId) {
        return new AssignMeasure(measureId, planId, 1, "深化改革", 1, "精简审批", "全文", List.of("朱小丹"),
                                 List.of("省府办公厅"), LocalDate.of(2016, 10, 31), null,
                                 new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null));
    }
}
