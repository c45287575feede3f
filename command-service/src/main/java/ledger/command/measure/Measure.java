package ledger.command.measure;

import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureCommand;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.ResolveEscalation;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.Verdict;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.measure.VerifyMeasure;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CommandHandlerInterceptor;

import java.time.LocalDate;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One numbered measure of a rectification plan, from assignment to close-out.
 * <p>
 * Status runs ASSIGNED → PLAN_SUBMITTED → IN_PROGRESS → VERIFIED; the escalation level sits
 * beside it. Handlers check the rules and apply events; event sourcing handlers only set state.
 * A command's payload is checked before it gets here (PayloadChecks); the office's chain of
 * reminders, urging and escalation is decided by {@link SupervisionChain}.
 */
@AggregateRoot(type = "Measure")
public class Measure {

    /** The version of a measure right after its assignment: the sequence number of its first event. */
    public static final long FIRST_VERSION = 0L;

    @AggregateIdentifier
    private String measureId;
    private MeasureStatus status;
    private LocalDate dueDate;
    private int escalationLevel;
    /** The latest progress report said 100 %, and no rejection came after it. */
    private boolean readyForVerification;
    /** The milestones of the latest implementation plan. */
    private List<Milestone> milestones = List.of();
    private List<String> leadUnits = List.of();
    @AggregateMember
    private final Supervision supervision = new Supervision();

    protected Measure() {
        // for event sourcing
    }

    @CommandHandler
    public Measure(AssignMeasure command, MeasureDeadlines deadlines) {
        List<Integer> reminders = deadlines.leadTimes(command.remindDaysBefore());
        apply(LifecycleRules.assigned(command, reminders));
        // events applied in a constructor reach the event sourcing handlers only after it: dates come from the command
        deadlines.watchDueDate(command.dueDate(), reminders);
        if (command.recurrence() != null) {
            deadlines.openPeriod(CalendarPeriod.containing(command.recurrence(), deadlines.policy().today()), reminders, 0);
        }
    }

    /**
     * Runs before every command on an existing measure: the caller's expected version must still
     * hold, and a verified measure accepts nothing. Answers with the measure's new version.
     */
    @CommandHandlerInterceptor
    public Object beforeEveryCommand(MeasureCommand command, InterceptorChain chain) throws Exception {
        long version = getVersion();
        if (command.expectedVersion() != null && command.expectedVersion() != version) {
            throw refused(CommandRejection.Kind.STALE_VERSION, "measure " + measureId + " is at version " + version
                                                               + ", not " + command.expectedVersion(), version);
        }
        if (status == MeasureStatus.VERIFIED) {
            throw conflict("measure " + measureId + " is verified and closed out; it accepts no further commands");
        }
        chain.proceed();
        return getVersion();
    }

    @CommandHandler
    public void handle(SubmitImplementationPlan command, @MetaDataValue(MetadataKeys.ACTOR_ROLE) String role,
                       @MetaDataValue(MetadataKeys.ACTOR_UNIT) String unit, MeasureDeadlines deadlines) {
        requireLeadUnit(role, unit);
        apply(new ImplementationPlanSubmitted(measureId, command.summary(), command.milestones(),
                                              command.responsiblePersons()));
        deadlines.milestones(command.milestones(), supervision.milestonesMet(), state().leadTimes(deadlines.policy()),
                             supervision.reports());
    }

    /**
     * A report answers urging, a rejection and a period's reminders: the deadlines waiting for it
     * check, when they fire, whether it came (cancelling them would read every pending deadline).
     */
    @CommandHandler
    public void handle(ReportProgress command, @MetaDataValue(MetadataKeys.ACTOR_ROLE) String role,
                       @MetaDataValue(MetadataKeys.ACTOR_UNIT) String unit) {
        requireLeadUnit(role, unit);
        if (status == MeasureStatus.ASSIGNED) {
            throw conflict("progress can only be reported once an implementation plan has been submitted");
        }
        if (command.milestone() != null && milestones.stream().noneMatch(m -> m.title().equals(command.milestone()))) {
            throw conflict("the implementation plan has no milestone '" + command.milestone() + "'; it has "
                           + milestones.stream().map(Milestone::title).toList());
        }
        apply(new ProgressReported(measureId, command.percentComplete(), command.summary(), command.evidence(),
                                   command.milestone()));
    }

    @CommandHandler
    public void handle(VerifyMeasure command, MeasureDeadlines deadlines) {
        if (status != MeasureStatus.IN_PROGRESS) {
            throw conflict("only a measure with reported progress can be verified");
        }
        if (command.verdict() == Verdict.REJECTED) {
            apply(new VerificationRejected(measureId, command.notes()));
            deadlines.afterRejection(supervision.reports());
        } else if (!readyForVerification) {
            throw conflict("a PASSED verification needs a progress report at 100 % since the last rejection");
        } else {
            apply(new MeasureVerified(measureId, command.notes()));
            deadlines.cancelAll();   // closed out: nothing is chased any more
        }
    }

    @CommandHandler
    public void handle(EscalateMeasure command, MeasureDeadlines deadlines) {
        // an escalation, by hand or not, goes one level up when left unresolved
        Escalation.byHand(measureId, escalationLevel, command.reason(), command.notes(), deadlines);
    }

    @CommandHandler
    public void handle(ResolveEscalation command, MeasureDeadlines deadlines) {
        if (escalationLevel == 0) {
            throw conflict("measure " + measureId + " has no open escalation to resolve");
        }
        apply(new EscalationResolved(measureId, escalationLevel, command.notes()));
        deadlines.cancel(MeasureDeadlines.STILL_ESCALATED);
    }

    @CommandHandler
    public void handle(ExtendDueDate command, MeasureDeadlines deadlines) {
        if (!command.newDueDate().isAfter(dueDate)) {
            throw conflict("the new due date " + command.newDueDate() + " must be later than the current due date "
                           + dueDate);
        }
        apply(new DueDateExtended(measureId, dueDate, command.newDueDate(), command.reason()));
        deadlines.cancel(MeasureDeadlines.OVERDUE);
        deadlines.watchDueDate(dueDate, state().leadTimes(deadlines.policy()));
    }

    /** Every deadline of the office's chain, whatever its name: the chain's rules decide what follows. */
    @DeadlineHandler
    void onDeadline(Object deadline, MeasureDeadlines deadlines) {
        deadlines.carryOut(measureId, escalationLevel, SupervisionChain.decide(state(), deadline, deadlines.policy()));
    }

    private SupervisionChain.State state() {
        return supervision.state(measureId, status, dueDate, escalationLevel, readyForVerification, milestones);
    }

    @EventSourcingHandler
    void on(MeasureAssigned event) {
        measureId = event.measureId();
        leadUnits = event.leadUnits();
        status = MeasureStatus.ASSIGNED;
        dueDate = event.dueDate();
    }

    @EventSourcingHandler
    void on(ImplementationPlanSubmitted event) {
        milestones = List.copyOf(event.milestones());
        if (status == MeasureStatus.ASSIGNED) {
            status = MeasureStatus.PLAN_SUBMITTED;
        }
    }

    @EventSourcingHandler
    void on(ProgressReported event) {
        status = MeasureStatus.IN_PROGRESS;
        readyForVerification = event.percentComplete() == 100;
    }

    @EventSourcingHandler
    void on(MeasureVerified event) {
        status = MeasureStatus.VERIFIED;
    }

    @EventSourcingHandler
    void on(VerificationRejected event) {
        status = MeasureStatus.IN_PROGRESS;
        readyForVerification = false;
    }

    @EventSourcingHandler
    void on(MeasureEscalated event) {
        escalationLevel = event.level();
    }

    @EventSourcingHandler
    void on(EscalationResolved event) {
        escalationLevel = 0;
    }

    @EventSourcingHandler
    void on(DueDateExtended event) {
        dueDate = event.newDueDate();
    }

    /** The commands this measure accepts in its current state; named in every 409. */
    List<String> allowedCommands() {
        return LifecycleRules.allowedCommands(status, escalationLevel);
    }

    private void requireLeadUnit(String role, String unit) {
        String refusal = LifecycleRules.notALeadUnit(measureId, leadUnits, role, unit);
        if (refusal != null) {
            throw refused(CommandRejection.Kind.FORBIDDEN, refusal, null);
        }
    }

    private CommandRejectedException conflict(String message) {
        return refused(CommandRejection.Kind.CONFLICT, message + " (status " + status + ")", getVersion());
    }

    private CommandRejectedException refused(CommandRejection.Kind kind, String message, Long version) {
        return new CommandRejectedException(new CommandRejection(kind, message, status.name(), allowedCommands(),
                                                                 version));
    }
}
