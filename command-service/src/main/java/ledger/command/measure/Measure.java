package ledger.command.measure;

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
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.MilestoneMissed;
import ledger.messages.measure.Obligation;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportPeriodMissed;
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

    /** The most reminders a measure may have before each date. */
    private static final int MAX_REMINDERS = 10;

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
    /** The milestones of the latest implementation plan. */
    private List<Milestone> milestones = List.of();
    private List<String> leadUnits = List.of();
    private Recurrence recurrence;
    /** With TIMES_PER_YEAR: how many reports each calendar year needs. */
    private int timesPerYear;
    /** Days before each date the lead units are reminded; null: the service's default. */
    private List<Integer> remindDaysBefore;
    /** How many progress reports there have been. */
    private int reports;
    /** Milestones a progress report has named. */
    private Set<String> milestonesMet = new HashSet<>();
    /** Calendar periods recorded as missed: each is recorded once. */
    private Set<String> periodsMissed = new HashSet<>();

    protected Measure() {
        // for event sourcing
    }

    @CommandHandler
    public Measure(AssignMeasure command, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        requireValid(command);
        DueDateBasis basis = command.dueDateBasis() != null ? command.dueDateBasis()
                : new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null);
        List<Integer> reminders = command.remindDaysBefore() != null ? leadTimes(command.remindDaysBefore())
                : leadTimes(policy.remindDaysBefore());
        apply(new MeasureAssigned(command.measureId(), command.planId(), command.section(), command.sectionTitle(),
                                  command.number(), command.title(), command.description(), command.leaders(),
                                  command.leadUnits(), command.dueDate(), command.recurrence(), basis,
                                  command.recurrence() == Recurrence.TIMES_PER_YEAR ? command.timesPerYear() : null,
                                  reminders));
        // events applied in a constructor reach the event sourcing handlers only after it: dates come from the command
        MeasureDeadlines deadlines = new MeasureDeadlines(deadlineManager, policy);
        watchDueDate(command.dueDate(), reminders, deadlines);
        if (command.recurrence() != null) {
            openPeriod(CalendarPeriod.containing(command.recurrence(), policy.today()), reminders,
                       0, deadlines);
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
                       @MetaDataValue(MetadataKeys.ACTOR_UNIT) String unit, DeadlineManager deadlineManager,
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
        MeasureDeadlines deadlines = new MeasureDeadlines(deadlineManager, policy);
        deadlines.cancel(MeasureDeadlines.MILESTONE_DUE);
        for (Milestone milestone : command.milestones()) {
            deadlines.milestone(milestone);
            if (!milestonesMet.contains(milestone.title())) {
                deadlines.remindBefore(MeasureDeadlines.MILESTONE_DUE, Obligation.MILESTONE, milestone.title(),
                                       milestone.dueDate(), reminderLeadTimes(policy), reports);
            }
        }
    }

    /**
     * A report answers urging, a rejection and a period's reminders: the deadlines waiting for it
     * check, when they fire, whether it came (cancelling them would read every pending deadline).
     */
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
        if (command.milestone() != null && milestones.stream().noneMatch(m -> m.title().equals(command.milestone()))) {
            throw conflict("the implementation plan has no milestone '" + command.milestone() + "'; it has "
                           + milestones.stream().map(Milestone::title).toList());
        }
        apply(new ProgressReported(measureId, command.percentComplete(), command.summary(), command.evidence(),
                                   command.milestone()));
    }

    @CommandHandler
    public void handle(VerifyMeasure command, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (command.verdict() == null) {
            throw invalid("verdict is required (PASSED or REJECTED)");
        }
        if (command.verdict() == Verdict.REJECTED) {
            requireText(command.notes(), "notes (the reasons for the rejection)");
        }
        if (status != MeasureStatus.IN_PROGRESS) {
            throw conflict("only a measure with reported progress can be verified");
        }
        MeasureDeadlines deadlines = new MeasureDeadlines(deadlineManager, policy);
        if (command.verdict() == Verdict.PASSED) {
            if (!readyForVerification) {
                throw conflict("a PASSED verification needs a progress report at 100 % since the last rejection");
            }
            apply(new MeasureVerified(measureId, command.notes()));
            deadlines.cancelAll();   // closed out: nothing is chased any more
        } else {
            apply(new VerificationRejected(measureId, command.notes()));
            deadlines.afterRejection(reports);
        }
    }

    @CommandHandler
    public void handle(EscalateMeasure command, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (command.reason() == null) {
            throw invalid("reason is required");
        }
        // an escalation, by hand or not, goes one level up when left unresolved
        Escalation.byHand(measureId, escalationLevel, command.reason(), command.notes(),
                          new MeasureDeadlines(deadlineManager, policy));
    }

    @CommandHandler
    public void handle(ResolveEscalation command, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (escalationLevel == 0) {
            throw conflict("measure " + measureId + " has no open escalation to resolve");
        }
        apply(new EscalationResolved(measureId, escalationLevel, command.notes()));
        new MeasureDeadlines(deadlineManager, policy).cancel(MeasureDeadlines.STILL_ESCALATED);
    }

    @CommandHandler
    public void handle(ExtendDueDate command, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (command.newDueDate() == null) {
            throw invalid("newDueDate is required");
        }
        requireText(command.reason(), "reason");
        if (!command.newDueDate().isAfter(dueDate)) {
            throw conflict("the new due date " + command.newDueDate() + " must be later than the current due date "
                           + dueDate);
        }
        apply(new DueDateExtended(measureId, dueDate, command.newDueDate(), command.reason()));
        MeasureDeadlines deadlines = new MeasureDeadlines(deadlineManager, policy);
        deadlines.cancel(MeasureDeadlines.OVERDUE);
        watchDueDate(dueDate, reminderLeadTimes(policy), deadlines);
    }

    // --- the office's chain, run by the system: reminders, urging, escalation ------------------------

    @DeadlineHandler(deadlineName = MeasureDeadlines.OVERDUE)
    void remindOfDueDate(MeasureDeadlines.Reminder reminder) {
        if (open() && reminder.dueDate().equals(dueDate) && !readyForVerification) {
            remind(reminder);
        }
    }

    /** The due date passed unverified: urged (催办), unless the unit has done its part and awaits verification. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.OVERDUE)
    void urgeDueDate(MeasureDeadlines.DueDatePassed deadline, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (!open() || !deadline.dueDate().equals(dueDate) || readyForVerification) {
            return;   // closed out, a due date since extended, or done and awaiting verification
        }
        apply(new MeasureUrged(measureId, Obligation.DUE_DATE, null, dueDate), SystemActor.METADATA);
        new MeasureDeadlines(deadlineManager, policy).afterUrging(MeasureDeadlines.OVERDUE,
                                                                  new MeasureDeadlines.OverdueUrged(dueDate));
    }

    /** Urging did not help: escalated (督办) as OVERDUE. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.OVERDUE)
    void escalateOverdue(MeasureDeadlines.OverdueUrged deadline, DeadlineManager deadlineManager,
                         DeadlinePolicy policy) {
        if (!open() || !deadline.dueDate().equals(dueDate) || readyForVerification) {
            return;
        }
        Escalation.bySystem(measureId, escalationLevel, EscalationReason.OVERDUE,
                            "due date " + dueDate + " passed unverified; urging did not help",
                            new MeasureDeadlines(deadlineManager, policy));
    }

    @DeadlineHandler(deadlineName = MeasureDeadlines.MILESTONE_DUE)
    void remindOfMilestone(MeasureDeadlines.Reminder reminder) {
        if (open() && inPlan(reminder.item(), reminder.dueDate()) && !milestonesMet.contains(reminder.item())) {
            remind(reminder);
        }
    }

    /** A milestone's day ended without a report naming it: recorded, and urged; the measure is behind schedule. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.MILESTONE_DUE)
    void milestoneMissed(Milestone due, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (!open() || milestonesMet.contains(due.title()) || !inPlan(due.title(), due.dueDate())) {
            return;
        }
        apply(new MilestoneMissed(measureId, due.title(), due.dueDate()), SystemActor.METADATA);
        apply(new MeasureUrged(measureId, Obligation.MILESTONE, due.title(), due.dueDate()), SystemActor.METADATA);
        new MeasureDeadlines(deadlineManager, policy).afterUrging(
                MeasureDeadlines.MILESTONE_DUE, new MeasureDeadlines.MilestoneUrged(due.title(), due.dueDate()));
    }

    /** Urging a milestone did not help: escalated as a missed report. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.MILESTONE_DUE)
    void escalateMilestone(MeasureDeadlines.MilestoneUrged due, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (!open() || milestonesMet.contains(due.title()) || !inPlan(due.title(), due.dueDate())) {
            return;   // reported, replaced by a new plan, or closed out
        }
        Escalation.bySystem(measureId, escalationLevel, EscalationReason.MISSED_REPORT,
                            "milestone " + due.title() + " due " + due.dueDate() + " not reported; urging did not help",
                            new MeasureDeadlines(deadlineManager, policy));
    }

    @DeadlineHandler(deadlineName = MeasureDeadlines.PERIOD_END)
    void remindOfPeriod(MeasureDeadlines.Reminder reminder) {
        if (open() && reports - reminder.reportsBefore() < reportsPerPeriod()) {
            remind(reminder);
        }
    }

    /**
     * A calendar period ended. Too few reports in it: recorded once, naming the period; a period's
     * report is urged, a yearly count escalated at once. Then the next period begins.
     */
    @DeadlineHandler(deadlineName = MeasureDeadlines.PERIOD_END)
    void periodEnded(MeasureDeadlines.PeriodEnds period, DeadlineManager deadlineManager, DeadlinePolicy policy) {
        if (!open() || recurrence == null) {
            return;
        }
        MeasureDeadlines deadlines = new MeasureDeadlines(deadlineManager, policy);
        int reported = reports - period.reportsBefore();
        if (reported < reportsPerPeriod() && !periodsMissed.contains(period.period())) {
            apply(new ReportPeriodMissed(measureId, period.period(), period.last(), reportsPerPeriod(), reported),
                  SystemActor.METADATA);
            if (recurrence == Recurrence.TIMES_PER_YEAR) {
                Escalation.bySystem(measureId, escalationLevel, EscalationReason.MISSED_REPORT,
                                    reported + " of at least " + timesPerYear + " reports in " + period.period(),
                                    deadlines);
            } else {
                apply(new MeasureUrged(measureId, Obligation.PERIODIC_REPORT, period.period(), period.last()),
                      SystemActor.METADATA);
                deadlines.afterUrging(MeasureDeadlines.PERIOD_END,
                                      new MeasureDeadlines.PeriodUrged(period.period(), period.last(), reports));
            }
        }
        CalendarPeriod ended = new CalendarPeriod(period.period(), period.first(), period.last());
        openPeriod(ended.next(recurrence), reminderLeadTimes(policy), reports, deadlines);
    }

    /** Urging a period's report did not help: escalated as a missed report. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.PERIOD_END)
    void escalateMissedPeriod(MeasureDeadlines.PeriodUrged urged, DeadlineManager deadlineManager,
                              DeadlinePolicy policy) {
        if (!open() || reports > urged.reportsBefore()) {
            return;
        }
        Escalation.bySystem(measureId, escalationLevel, EscalationReason.MISSED_REPORT,
                            "no report for " + urged.period() + "; urging did not help",
                            new MeasureDeadlines(deadlineManager, policy));
    }

    /** A rolling period set before calendar periods came due: the measure moves to calendar periods. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.REPORT_DUE)
    void rollingPeriodEnded(MeasureDeadlines.ReportDue deadline, DeadlineManager deadlineManager,
                            DeadlinePolicy policy) {
        if (open() && recurrence != null) {
            openPeriod(CalendarPeriod.containing(recurrence, policy.today()), reminderLeadTimes(policy),
                       reports, new MeasureDeadlines(deadlineManager, policy));
        }
    }

    /** No new report in time after a rejected verification: urged. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.REJECTION)
    void urgeAfterRejection(MeasureDeadlines.RejectionUnanswered deadline, DeadlineManager deadlineManager,
                            DeadlinePolicy policy) {
        if (!open() || reports > deadline.reportsBefore()) {
            return;
        }
        apply(new MeasureUrged(measureId, Obligation.REPORT_AFTER_REJECTION, null, deadline.expectedBy()),
              SystemActor.METADATA);
        new MeasureDeadlines(deadlineManager, policy).afterUrging(
                MeasureDeadlines.REJECTION, new MeasureDeadlines.RejectionUrged(deadline.reportsBefore(),
                                                                                deadline.expectedBy()));
    }

    /** Urging after a rejection did not help: escalated as FAILED_VERIFICATION. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.REJECTION)
    void escalateFailedVerification(MeasureDeadlines.RejectionUrged deadline, DeadlineManager deadlineManager,
                                    DeadlinePolicy policy) {
        if (!open() || reports > deadline.reportsBefore()) {
            return;
        }
        Escalation.bySystem(measureId, escalationLevel, EscalationReason.FAILED_VERIFICATION,
                            "no new report after the rejected verification by " + deadline.expectedBy()
                            + "; urging did not help", new MeasureDeadlines(deadlineManager, policy));
    }

    /** An escalation left unresolved for the policy's period goes one level up. */
    @DeadlineHandler(deadlineName = MeasureDeadlines.STILL_ESCALATED)
    void escalateAgain(MeasureDeadlines.EscalationUnresolved deadline, DeadlineManager deadlineManager,
                       DeadlinePolicy policy) {
        if (!open() || escalationLevel == 0) {
            return;
        }
        Escalation.bySystem(measureId, escalationLevel, EscalationReason.OVERDUE,
                            "escalation of level " + escalationLevel + " unresolved for "
                            + policy.reEscalateAfter().toDays() + " days", new MeasureDeadlines(deadlineManager, policy));
    }

    /** The due date's deadline, and its reminders (one at once if its time has come). */
    private static void watchDueDate(LocalDate dueDate, List<Integer> leadDays,
                                     MeasureDeadlines deadlines) {
        deadlines.overdue(dueDate);
        deadlines.remindBefore(MeasureDeadlines.OVERDUE, Obligation.DUE_DATE, null, dueDate, leadDays, 0);
    }

    /** A calendar period begins: its end, and its reminders (one at once if its time has come). */
    private static void openPeriod(CalendarPeriod period, List<Integer> leadDays, int reportsBefore,
                                   MeasureDeadlines deadlines) {
        deadlines.periodEnd(new MeasureDeadlines.PeriodEnds(period.label(), period.first(), period.last(),
                                                            reportsBefore));
        deadlines.remindBefore(MeasureDeadlines.PERIOD_END, Obligation.PERIODIC_REPORT, period.label(),
                               period.last(), leadDays, reportsBefore);
    }

    private void remind(MeasureDeadlines.Reminder reminder) {
        apply(new MeasureReminded(measureId, reminder.obligation(), reminder.item(), reminder.dueDate(),
                                  reminder.leadDays()), SystemActor.METADATA);
    }

    private List<Integer> reminderLeadTimes(DeadlinePolicy policy) {
        return remindDaysBefore != null ? remindDaysBefore : policy.remindDaysBefore();
    }

    private int reportsPerPeriod() {
        return recurrence == Recurrence.TIMES_PER_YEAR ? timesPerYear : 1;
    }

    private boolean open() {
        return status != MeasureStatus.VERIFIED;
    }

    private boolean inPlan(String title, LocalDate due) {
        return milestones.stream().anyMatch(m -> m.title().equals(title) && m.dueDate().equals(due));
    }

    @EventSourcingHandler
    void on(MeasureAssigned event) {
        measureId = event.measureId();
        leadUnits = event.leadUnits();
        recurrence = event.recurrence();
        timesPerYear = event.timesPerYear() == null ? 0 : event.timesPerYear();
        remindDaysBefore = event.remindDaysBefore();
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

    @EventSourcingHandler
    void on(ReportPeriodMissed event) {
        periodsMissed.add(event.period());
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
        if (command.recurrence() == Recurrence.TIMES_PER_YEAR) {
            if (command.timesPerYear() == null || command.timesPerYear() < 1 || command.timesPerYear() > 366) {
                throw invalid("timesPerYear (1..366) is required with recurrence TIMES_PER_YEAR");
            }
        } else if (command.timesPerYear() != null) {
            throw invalid("timesPerYear goes only with recurrence TIMES_PER_YEAR");
        }
        if (command.remindDaysBefore() != null) {
            leadTimes(command.remindDaysBefore());
        }
    }

    /** Reminder lead times as a measure keeps them: each 1..366 days, distinct, from far to near. */
    private static List<Integer> leadTimes(List<Integer> days) {
        if (days.size() > MAX_REMINDERS || days.stream().anyMatch(d -> d == null || d < 1 || d > 366)) {
            throw invalid("remindDaysBefore holds at most " + MAX_REMINDERS + " lead times of 1..366 days, was " + days);
        }
        return days.stream().distinct().sorted(java.util.Comparator.reverseOrder()).toList();
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
