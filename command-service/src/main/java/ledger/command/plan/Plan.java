package ledger.command.plan;

import ledger.command.measure.CommandRejectedException;
import ledger.messages.CommandRejection;
import ledger.messages.measure.MeasureId;
import ledger.messages.plan.PlanRegistered;
import ledger.messages.plan.RegisterPlan;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;

import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A rectification plan: its title, issuer, dates and the fingerprint of the text it came from.
 * Its measures are aggregates of their own; a plan is registered once.
 */
@AggregateRoot(type = "Plan")
public class Plan {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    /** {@link RegisterPlan#aggregateIdOf(String)} of the plan id. */
    @AggregateIdentifier
    private String aggregateId;

    protected Plan() {
        // for event sourcing
    }

    @CommandHandler
    public Plan(RegisterPlan command) {
        if (!MeasureId.isPlanId(command.planId())) {
            throw invalid("plan id " + MeasureId.planIdProblem(command.planId()));
        }
        if (command.title() == null || command.title().isBlank()) {
            throw invalid("title is required");
        }
        if (command.deadline() == null) {
            throw invalid("the plan-wide deadline is required");
        }
        if (command.issueDate() != null && command.deadline().isBefore(command.issueDate())) {
            throw invalid("the deadline " + command.deadline() + " is before the issue date " + command.issueDate());
        }
        if (command.sourceSha256() != null && !SHA_256.matcher(command.sourceSha256()).matches()) {
            throw invalid("sourceSha256 must be 64 lower-case hex digits");
        }
        if (command.measureCount() < 1) {
            throw invalid("a plan has at least one measure");
        }
        if (command.remindDaysBefore() != null && (command.remindDaysBefore().size() > 10
                || command.remindDaysBefore().stream().anyMatch(d -> d == null || d < 1 || d > 366))) {
            throw invalid("remindDaysBefore holds at most 10 lead times of 1..366 days");
        }
        apply(new PlanRegistered(command.planId(), command.title(), command.issuer(), command.issueDate(),
                                 command.deadline(), command.sourceSha256(), command.measureCount(),
                                 command.remindDaysBefore()));
    }

    @EventSourcingHandler
    void on(PlanRegistered event) {
        aggregateId = RegisterPlan.aggregateIdOf(event.planId());
    }

    private static CommandRejectedException invalid(String message) {
        return new CommandRejectedException(CommandRejection.invalid(message));
    }
}
