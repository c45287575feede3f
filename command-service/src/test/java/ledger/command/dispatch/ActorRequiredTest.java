package ledger.command.dispatch;

import ledger.command.support.LedgerApiTest;
import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.SubmitImplementationPlan;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that arrive straight over Axon, not through the HTTP API and its token: without an
 * actor and a role allowed to send them they are refused, and nothing is appended.
 */
class ActorRequiredTest extends LedgerApiTest {

    @Autowired
    CommandGateway commands;

    @Test
    void aCommandWithoutAnActorIsRefused() {
        String planId = freshPlanId();
        long before = storedEvents();

        assertRefused(send(assign(planId), Map.of()), "names no actor");
        assertRefused(send(assign(planId), Map.of(MetadataKeys.ACTOR_ID, "service-9")), "carries no role");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aCommandFromARoleThatMayNotSendItIsRefused() {
        String planId = freshPlanId();
        long before = storedEvents();

        assertRefused(send(assign(planId), actor("READER")), "as role READER");
        assertRefused(send(assign(planId), actor("SYSTEM")), "as role SYSTEM");
        assertRefused(send(assign(planId), actor("NOBODY")), "as role NOBODY");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aCommandFromAnAllowedRoleIsHandled() {
        String planId = registeredPlanId();
        assertThat(send(assign(planId), actor("SUPERVISOR"))).as("accepted").isNull();
        // the office may not submit a lead unit's plan, even over Axon
        assertRefused(send(new SubmitImplementationPlan(planId + "-1", "方案", List.of(), List.of(), null),
                           actor("SUPERVISOR")), "as role SUPERVISOR");
        assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, planId + "-1")).isEqualTo(1);
    }

    private static Map<String, String> actor(String role) {
        return Map.of(MetadataKeys.ACTOR_ID, "service-9", MetadataKeys.ACTOR_ROLE, role);
    }

    private CommandExecutionException send(Object command, Map<String, String> metadata) {
        return refusalOf(commands, command, metadata);
    }

    /** The refusal of a command sent straight over Axon with this metadata, or null when it was handled. */
    static CommandExecutionException refusalOf(CommandGateway commands, Object command, Map<String, String> metadata) {
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(MetaData.from(metadata)));
            return null;
        } catch (CommandExecutionException e) {
            return e;
        }
    }

    private static void assertRefused(CommandExecutionException refusal, String saying) {
        assertThat(refusal).as("refused").isNotNull();
        CommandRejection rejection = refusal.<CommandRejection>getDetails().orElseThrow();
        assertThat(rejection.kind()).isEqualTo(CommandRejection.Kind.FORBIDDEN);
        assertThat(rejection.message()).contains(saying);
    }

    private static AssignMeasure assign(String planId) {
        return new AssignMeasure(planId + "-1", planId, 1, "深化改革", 1, "精简审批", "全文", List.of("朱小丹"),
                                 List.of("省政府办公厅"), LocalDate.of(2016, 10, 31), null,
                                 new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null));
    }
}
