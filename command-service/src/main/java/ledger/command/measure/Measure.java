package ledger.command.measure;

import ledger.messages.Actor;
import ledger.messages.ActorRole;
import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureCommand;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureId;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.MilestoneMissed;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.ResolveEscalation;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.Verdict;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.measure.VerifyMeasure;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CommandHandlerInterceptor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One numbered measure of a rectification plan, from assignment to close-out.
 * <p>
 * Status runs ASSIGNED → PLAN_SUBMITTED → IN_PROGRESS → VERIFIED; the escalation level sits
 * beside it. Handlers check the rules and apply events; event sourcing handlers only set state.
 */
@AggregateRoot(type = "Measure")
public class Measure {

    /** The version of a measure right after its assignment: the sequence number of its first event. */
    public static final long FIRST_VERSION = 0L;

    /** Deadline: the due date passes. */
    static final String OVERDUE = "overdue";
    /** Deadline: an escalation is still unresolved after the policy's period. */
    static final String STILL_ESCALATED = "still-escalated";
    /** What the ledger does by itself it does as "system"; no unit acts for it. */
    private static final MetaData SYSTEM = MetaData.with(MetadataKeys.ACTOR_ID, Actor.SYSTEM.id())
                                                   .and(MetadataKeys.ACTOR_ROLE, ActorRole.SYSTEM.name())
                                                   .and(MetadataKeys.ACTOR_UNIT, null);

    /** Payload of the overdue deadline: the due date it was set for. */
    public record DueDatePassed(LocalDate dueDate) {
    }

    /** Deadline: a milestone of the implementation plan is due (payload: the Milestone). */
    static final String MILESTONE_DUE = "milestone-due";

    /** Deadline: a recurring measure's report for the period is due. */
    static final String REPORT_DUE = "report-due";

    /** Payload of the recurring-report deadline: how many reports there were when it was set. */
    public record ReportDue(int reportsBefore) {
    }

    /** Payload of the re-escalation deadline: the level that went unresolved. */
    public record EscalationUnresolved(int level) {
    }

    static final String SUBMIT_PLAN = "submitPlan";
    static final String REPORT_PROGRESS = "reportProgress";
    static final String VERIFY = "verify";
    static final String ESCALATE = "escalate";
    static final String RESOLVE_ESCALATION = "resolveEscalation";
    static final String EXTEND_DUE_DATE = "extendDueDate";

    @AggregateIdentifier
    private String measureId;
    private MeasureStatus status;
    private LocalDate dueDate;
    private int escalationLevel;
    /** The latest progress report said 100 %, and no rejection came after it. */
    private boolean readyForVerification;
    /** The milestone titles of the latest implementation plan. */
    private List<String> milestones = List.of();
    private List<String> leadUnits = List.of();
    private Recurrence recurrence;
    /** How many progress reports there have been. */
    private int reports;
    /** Milestones a progress report has named. */
    private Set<String> milestonesMet = new HashSet<>();

    protected Measure() {
        // for event sourcing
    }

    @CommandHandler
    public Measure(AssignMeasure command, DeadlineManager deadlines, DeadlinePolicy policy) {
        requireValid(command);
        DueDateBasis basis = command.dueDateBasis() != null ? command.dueDateBasis()
                : new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null);
        apply(new MeasureAssigned(command.measureId(), command.planId(), command.section(), command.sectionTitle(),
                                  command.number(), command.title(), command.description(), command.leaders(),
                                  command.leadUnits(), command.dueDate(), command.recurrence(), basis));
        deadlines.schedule(policy.endOf(command.dueDate()), OVERDUE, new DueDatePassed(command.dueDate()));
        if (command.recurrence() != null) {
            deadlines.schedule(policy.after(policy.periodOf(command.recurrence())), REPORT_DUE, new ReportDue(0));
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
            throw new CommandRejectedException(new CommandRejection(
                    CommandRejection.Kind.STALE_VERSION,
                    "measure " + measureId + " is at version " + version + ", not " + command.expectedVersion(),
                    status.name(), allowedCommands(), version));
        }
        if (status == MeasureStatus.VERIFIED) {
            throw conflict("measure " + measureId + " is verified and closed out; it accepts no further commands");
        }
        chain.proceed();
        return getVersion();
    }

    @CommandHandler
    public void handle(SubmitImplementationPlan command, @MetaDataValue(MetadataKeys.ACTOR_ROLE) String role,
                       @MetaDataValue(MetadataKeys.ACTOR_UNIT) String unit, DeadlineManager deadlines,
                       DeadlinePolicy policy) {
        requireLeadUnit(role, unit);
        requireText(command.summary(), "summary");
        for (Milestone milestone : command.milestones()) {
            if (milestone == null || isBlank(milestone.title()) || milestone.dueDate() == null) {
                throw invalid("every milestone needs a title and a due date");
            }
        }
        apply(new ImplementationPlanSubmitted(measureId, command.summary(), command.milestones(),
                                              command.responsiblePersons()));
        // the new plan's milestones replace the old ones'
        deadlines.cancelAllWithinScope(MILESTONE_DUE);
        for (Milestone milestone : command.milestones()) {
            deadlines.schedule(policy.endOf(milestone.dueDate()), MILESTONE_DUE, milestone);
        }
    }

    /** A milestone's day ended without a report naming it: recorded, and the measure is behind schedule. */
    @DeadlineHandler(deadlineName = MILESTONE_DUE)
    public void on(Milestone due) {
        if (status == MeasureStatus.VERIFIED || milestonesMet.contains(due.title())
            || !milestones.contains(due.title())) {
            return;
        }
        apply(new MilestoneMissed(measureId, due.title(), due.dueDate()), SYSTEM);
    }

    @CommandHandler
    public void handle(ReportProgress command, @MetaDataValue(MetadataKeys.ACTOR_ROLE) String role,
                       @MetaDataValue(MetadataKeys.ACTOR_UNIT) String unit) {
        requireLeadUnit(role, unit);
        if (command.percentComplete() < 0 || command.percentComplete() > 100) {
            throw invalid("percentComplete must be between 0 and 100, was " + command.percentComplete());
        }
        requireText(command.summary(), "summary");
        if (status == MeasureStatus.ASSIGNED) {
            throw conflict("progress can only be reported once an implementation plan has been submitted");
        }
        if (command.milestone() != null && !milestones.contains(command.milestone())) {
            throw conflict("the implementation plan has no milestone '" + command.milestone() + "'; it has "
                           + milestones);
        }
        apply(new ProgressReported(measureId, command.percentComplete(), command.summary(), command.evidence(),
                                   command.milestone()));
    }

    @CommandHandler
    public void handle(VerifyMeasure command, DeadlineManager deadlines) {
        if (command.verdict() == null) {
            throw invalid("verdict is required (PASSED or REJECTED)");
        }
        if (command.verdict() == Verdict.REJECTED) {
            requireText(command.notes(), "notes (the reasons for the rejection)");
        }
        if (status != MeasureStatus.IN_PROGRESS) {
            throw conflict("only a measure with reported progress can be verified");
        }
        if (command.verdict() == Verdict.PASSED) {
            if (!readyForVerification) {
                throw conflict("a PASSED verification needs a progress report at 100 % since the last rejection");
            }
            apply(new MeasureVerified(measureId, command.notes()));
            // closed out: nothing is chased any more
            deadlines.cancelAllWithinScope(OVERDUE);
            deadlines.cancelAllWithinScope(STILL_ESCALATED);
            deadlines.cancelAllWithinScope(REPORT_DUE);
            deadlines.cancelAllWithinScope(MILESTONE_DUE);
        } else {
            apply(new VerificationRejected(measureId, command.notes()));
        }
    }

    @CommandHandler
    public void handle(EscalateMeasure command, DeadlineManager deadlines, DeadlinePolicy policy) {
        if (command.reason() == null) {
            throw invalid("reason is required");
        }
        apply(new MeasureEscalated(measureId, escalationLevel + 1, command.reason(), command.notes()));
        // an escalation, by hand or not, goes one level up when left unresolved
        deadlines.cancelAllWithinScope(STILL_ESCALATED);
        deadlines.schedule(policy.after(policy.reEscalateAfter()), STILL_ESCALATED, new EscalationUnresolved(escalationLevel));
    }

    @CommandHandler
    public void handle(ResolveEscalation command, DeadlineManager deadlines) {
        if (escalationLevel == 0) {
            throw conflict("measure " + measureId + " has no open escalation to resolve");
        }
        apply(new EscalationResolved(measureId, escalationLevel, command.notes()));
        deadlines.cancelAllWithinScope(STILL_ESCALATED);
    }

    @CommandHandler
    public void handle(ExtendDueDate command, DeadlineManager deadlines, DeadlinePolicy policy) {
        if (command.newDueDate() == null) {
            throw invalid("newDueDate is required");
        }
        requireText(command.reason(), "reason");
        if (!command.newDueDate().isAfter(dueDate)) {
            throw conflict("the new due date " + command.newDueDate() + " must be later than the current due date "
                           + dueDate);
        }
        apply(new DueDateExtended(measureId, dueDate, command.newDueDate(), command.reason()));
        deadlines.cancelAllWithinScope(OVERDUE);
        deadlines.schedule(policy.endOf(command.newDueDate()), OVERDUE, new DueDatePassed(command.newDueDate()));
    }

    /** The due date passed and the measure is not verified: the ledger escalates it by itself. */
    @DeadlineHandler(deadlineName = OVERDUE)
    public void on(DueDatePassed deadline, DeadlineManager deadlines, DeadlinePolicy policy) {
        if (status == MeasureStatus.VERIFIED || !deadline.dueDate().equals(dueDate)) {
            return;   // closed out, or a due date that has since been extended
        }
        apply(new MeasureEscalated(measureId, escalationLevel + 1, EscalationReason.OVERDUE,
                                   "due date " + dueDate + " passed unverified"), SYSTEM);
        deadlines.cancelAllWithinScope(STILL_ESCALATED);
        deadlines.schedule(policy.after(policy.reEscalateAfter()), STILL_ESCALATED, new EscalationUnresolved(escalationLevel));
    }

    /**
     * A recurring measure must report every period: none since the last check escalates it
     * (MISSED_REPORT, by the system). The check repeats every period until verification.
     */
    @DeadlineHandler(deadlineName = REPORT_DUE)
    public void on(ReportDue deadline, DeadlineManager deadlines, DeadlinePolicy policy) {
        if (status == MeasureStatus.VERIFIED) {
            return;
        }
        if (reports == deadline.reportsBefore()) {
            apply(new MeasureEscalated(measureId, escalationLevel + 1, EscalationReason.MISSED_REPORT,
                                       "no progress report in the last " + recurrence.name().toLowerCase()
                                       + " period"), SYSTEM);
            deadlines.cancelAllWithinScope(STILL_ESCALATED);
            deadlines.schedule(policy.after(policy.reEscalateAfter()), STILL_ESCALATED, new EscalationUnresolved(escalationLevel));
        }
        deadlines.schedule(policy.after(policy.periodOf(recurrence)), REPORT_DUE, new ReportDue(reports));
    }

    /** An escalation left unresolved for the policy's period goes one level up. */
    @DeadlineHandler(deadlineName = STILL_ESCALATED)
    public void on(EscalationUnresolved deadline, DeadlineManager deadlines, DeadlinePolicy policy) {
        if (status == MeasureStatus.VERIFIED || escalationLevel == 0) {
            return;
        }
        apply(new MeasureEscalated(measureId, escalationLevel + 1, EscalationReason.OVERDUE,
                                   "escalation of level " + escalationLevel + " unresolved for "
                                   + policy.reEscalateAfter().toDays() + " days"), SYSTEM);
        deadlines.schedule(policy.after(policy.reEscalateAfter()), STILL_ESCALATED, new EscalationUnresolved(escalationLevel));
    }

    @EventSourcingHandler
    void on(MeasureAssigned event) {
        measureId = event.measureId();
        leadUnits = event.leadUnits();
        recurrence = event.recurrence();
        status = MeasureStatus.ASSIGNED;
        dueDate = event.dueDate();
    }

    @EventSourcingHandler
    void on(ImplementationPlanSubmitted event) {
        milestones = event.milestones().stream().map(Milestone::title).toList();
        if (status == MeasureStatus.ASSIGNED) {
            status = MeasureStatus.PLAN_SUBMITTED;
        }
    }

    @EventSourcingHandler
    void on(ProgressReported event) {
        reports++;
        if (event.milestone() != null) {
            milestonesMet.add(event.milestone());
        }
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
        List<String> allowed = new ArrayList<>();
        if (status == MeasureStatus.VERIFIED) {
            return allowed;
        }
        allowed.add(SUBMIT_PLAN);
        if (status != MeasureStatus.ASSIGNED) {
            allowed.add(REPORT_PROGRESS);
        }
        if (status == MeasureStatus.IN_PROGRESS) {
            allowed.add(VERIFY);
        }
        allowed.add(ESCALATE);
        if (escalationLevel > 0) {
            allowed.add(RESOLVE_ESCALATION);
        }
        allowed.add(EXTEND_DUE_DATE);
        return allowed;
    }

    private static void requireValid(AssignMeasure command) {
        String expectedId;
        try {
            expectedId = MeasureId.of(command.planId(), command.number());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (!expectedId.equals(command.measureId())) {
            throw invalid("measureId must be " + expectedId + " (plan id and number), was " + command.measureId());
        }
        if (command.section() < 1) {
            throw invalid("section must be at least 1");
        }
        requireText(command.title(), "title");
        if (command.leaders().isEmpty() || command.leaders().stream().anyMatch(Measure::isBlank)) {
            throw invalid("at least one responsible leader is required, and none may be blank");
        }
        if (command.leadUnits().isEmpty() || command.leadUnits().stream().anyMatch(Measure::isBlank)) {
            throw invalid("at least one lead unit is required, and none may be blank");
        }
        if (command.dueDate() == null) {
            throw invalid("dueDate is required");
        }
    }

    /**
     * Only a lead unit of this measure submits its plan and reports on it (units are canonical names
     * on both sides). Denied by default: a command without a role, with another role, or from a
     * unit token that names no unit is refused as well.
     */
    private void requireLeadUnit(String role, String unit) {
        if (!ActorRole.UNIT.name().equals(role) || unit == null || !leadUnits.contains(unit)) {
            String actor = role == null ? "a command without an actor role"
                    : ActorRole.UNIT.name().equals(role) ? "unit " + unit : "role " + role;
            throw new CommandRejectedException(new CommandRejection(
                    CommandRejection.Kind.FORBIDDEN, "only a lead unit of measure " + measureId + " may do this ("
                                                     + leadUnits + "), not " + actor,
                    status.name(), allowedCommands(), null));
        }
    }

    private static void requireText(String value, String name) {
        if (isBlank(value)) {
            throw invalid(name + " is required");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static CommandRejectedException invalid(String message) {
        return new CommandRejectedException(CommandRejection.invalid(message));
    }

    private CommandRejectedException conflict(String message) {
        return new CommandRejectedException(new CommandRejection(
                CommandRejection.Kind.CONFLICT, message + " (status " + status + ")", status.name(),
                allowedCommands(), getVersion()));
    }
}
