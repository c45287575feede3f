package ledger.command.measure;

import ledger.messages.measure.Milestone;
import ledger.messages.measure.Obligation;
import org.axonframework.deadline.DeadlineManager;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The deadlines a measure sets, by name, with their payloads: when each falls (from the
 * {@link DeadlinePolicy}) and how it is set or cancelled. Deadlines live in
 * {@code event_store.scheduled_tasks} (db-scheduler), written in the command's transaction; one node
 * fires each. Payloads are stored under the names {@link DeadlinePayloads} gives them: a new
 * payload gets one there. One instance serves every measure: the handlers that need it are given it
 * (a Spring bean, resolved by Axon like any other handler parameter).
 */
public final class MeasureDeadlines {

    // Each kind of date is one deadline name, its steps told apart by their payloads' types: a
    // cancellation (Axon's cancelAllWithinScope reads every pending deadline of the table) is one
    // pass per kind, and a progress report, the busiest command, cancels nothing (handlers check).

    /**
     * The due date: its reminders ({@link Reminder}), the day it passes ({@link DueDatePassed}:
     * urged) and the end of urging ({@link OverdueUrged}: escalated).
     */
    static final String OVERDUE = "overdue";
    /**
     * A milestone of the implementation plan: its reminders ({@link Reminder}), its day passing
     * (the {@link Milestone}: missed, urged) and the end of urging ({@link MilestoneUrged}: escalated).
     */
    static final String MILESTONE_DUE = "milestone-due";
    /**
     * A recurring measure's calendar period: its reminders ({@link Reminder}), its end
     * ({@link PeriodEnds}) and the end of urging a missed one ({@link PeriodUrged}: escalated).
     */
    static final String PERIOD_END = "period-end";
    /**
     * After a rejected verification: no new report in time ({@link RejectionUnanswered}: urged), and
     * the end of urging ({@link RejectionUrged}: escalated as FAILED_VERIFICATION).
     */
    static final String REJECTION = "rejection";
    /** An escalation is still unresolved after the policy's period (payload {@link EscalationUnresolved}). */
    static final String STILL_ESCALATED = "still-escalated";
    /** Rolling report periods, before calendar periods (payload {@link ReportDue}); only pending ones fire. */
    static final String REPORT_DUE = "report-due";

    private static final List<String> ALL = List.of(OVERDUE, MILESTONE_DUE, PERIOD_END, REJECTION, STILL_ESCALATED);

    /** Payload of the overdue deadlines: the due date they were set for. */
    public record DueDatePassed(LocalDate dueDate) {
    }

    /** Payload of the re-escalation deadline: the level that went unresolved. */
    public record EscalationUnresolved(int level) {
    }

    /** Payload of a rolling report period set before calendar periods: how many reports there were. */
    public record ReportDue(int reportsBefore) {
    }

    /**
     * Payload of a reminder: what is due by when, the lead time it stands for, and how many reports
     * the measure had when it was set (a period's reminder is not sent once the period has its reports).
     */
    public record Reminder(Obligation obligation, String item, LocalDate dueDate, int leadDays, int reportsBefore) {
    }

    /** Payload of a period's end: the period, and how many reports the measure had when it began. */
    public record PeriodEnds(String period, LocalDate first, LocalDate last, int reportsBefore) {
    }

    /** Payload after urging a period's report: how many reports there were when it was urged. */
    public record PeriodUrged(String period, LocalDate last, int reportsBefore) {
    }

    /** Payload after urging the due date: the due date urged. */
    public record OverdueUrged(LocalDate dueDate) {
    }

    /** Payload after urging a milestone: the milestone urged. */
    public record MilestoneUrged(String title, LocalDate dueDate) {
    }

    /** Payload after a rejected verification: the reports until then, and the day a new one was expected by. */
    public record RejectionUnanswered(int reportsBefore, LocalDate expectedBy) {
    }

    /** Payload after urging a new report after a rejection: as {@link RejectionUnanswered}. */
    public record RejectionUrged(int reportsBefore, LocalDate expectedBy) {
    }

    private final DeadlineManager deadlines;
    private final DeadlinePolicy policy;

    public MeasureDeadlines(DeadlineManager deadlines, DeadlinePolicy policy) {
        this.deadlines = deadlines;
        this.policy = policy;
    }

    DeadlinePolicy policy() {
        return policy;
    }

    /**
     * Sets the reminders of a date, one per lead time. Of those whose time has come already (and
     * only while the date has not passed), the nearest to the date is set for now: it fires at once,
     * as a deadline like the others (once, and after a restart), and the command that set it
     * answers with its own event's version only.
     */
    private void remindBefore(String name, Obligation obligation, String item, LocalDate dueDate, List<Integer> leadDays,
                      int reportsBefore) {
        Instant now = policy.now();
        if (!now.isBefore(policy.endOf(dueDate))) {
            return;   // passed: urging is next, not a reminder
        }
        Reminder nearest = null;
        for (int days : leadDays.stream().sorted(Comparator.reverseOrder()).toList()) {
            Reminder reminder = new Reminder(obligation, item, dueDate, days, reportsBefore);
            Instant at = policy.startOf(dueDate.minusDays(days));
            if (at.isAfter(now)) {
                deadlines.schedule(at, name, reminder);
            } else {
                nearest = reminder;   // lead times run from far to near: the last one come is the nearest
            }
        }
        if (nearest != null) {
            deadlines.schedule(now, name, nearest);
        }
    }

    /** The due date's deadline, and its reminders (one at once if its time has come). */
    void watchDueDate(LocalDate dueDate, List<Integer> leadDays) {
        deadlines.schedule(policy.endOf(dueDate), OVERDUE, new DueDatePassed(dueDate));
        remindBefore(OVERDUE, Obligation.DUE_DATE, null, dueDate, leadDays, 0);
    }

    /** A new plan's milestones replace the old ones': each its day, and reminders of those not yet reported. */
    void milestones(List<Milestone> milestones, Set<String> met, List<Integer> leadDays, int reports) {
        cancel(MILESTONE_DUE);
        for (Milestone milestone : milestones) {
            deadlines.schedule(policy.endOf(milestone.dueDate()), MILESTONE_DUE, milestone);
            if (!met.contains(milestone.title())) {
                remindBefore(MILESTONE_DUE, Obligation.MILESTONE, milestone.title(), milestone.dueDate(), leadDays,
                             reports);
            }
        }
    }

    /** A calendar period begins: its end, and its reminders (one at once if its time has come). */
    void openPeriod(CalendarPeriod period, List<Integer> leadDays, int reportsBefore) {
        deadlines.schedule(policy.endOf(period.last()), PERIOD_END,
                           new PeriodEnds(period.label(), period.first(), period.last(), reportsBefore));
        remindBefore(PERIOD_END, Obligation.PERIODIC_REPORT, period.label(), period.last(), leadDays, reportsBefore);
    }

    /**
     * Carries out what the chain decided ({@link SupervisionChain}), in order, within the measure's
     * deadline handler: events recorded as the system, urging followed up, escalations, new periods.
     */
    void carryOut(String measureId, int escalationLevel, List<SupervisionChain.Step> steps) {
        for (SupervisionChain.Step step : steps) {
            if (step instanceof SupervisionChain.Record record) {
                apply(record.event(), SystemActor.METADATA);
            } else if (step instanceof SupervisionChain.AfterUrging after) {
                afterUrging(after.deadline(), after.payload());
            } else if (step instanceof SupervisionChain.Escalate escalate) {
                Escalation.bySystem(measureId, escalationLevel, escalate.reason(), escalate.notes(), this);
            } else if (step instanceof SupervisionChain.OpenPeriod open) {
                openPeriod(open.period(), open.leadDays(), open.reportsBefore());
            }
        }
    }

    /** What is checked once urging has had its time (same name as what was urged). */
    private void afterUrging(String name, Object payload) {
        deadlines.schedule(policy.after(policy.escalateAfterUrging()), name, payload);
    }

    /** Expects a new report within the policy's time after a rejected verification. */
    void afterRejection(int reports) {
        deadlines.cancelAllWithinScope(REJECTION);
        Instant by = policy.after(policy.reportAfterRejection());
        deadlines.schedule(by, REJECTION, new RejectionUnanswered(reports, LocalDate.ofInstant(by, policy.zone())));
    }

    /** An escalation at this level goes one up if left unresolved; replaces the one pending. */
    void stillEscalated(int level) {
        deadlines.cancelAllWithinScope(STILL_ESCALATED);
        deadlines.schedule(policy.after(policy.reEscalateAfter()), STILL_ESCALATED, new EscalationUnresolved(level));
    }

    void cancel(String... names) {
        for (String name : names) {
            deadlines.cancelAllWithinScope(name);
        }
    }

    /** Closed out: nothing is chased any more. */
    void cancelAll() {
        ALL.forEach(deadlines::cancelAllWithinScope);
    }

    /** Reminder lead times as a measure keeps them (the plan's, or the office's): distinct, from far to near. */
    List<Integer> leadTimes(List<Integer> planned) {
        return (planned != null ? planned : policy.remindDaysBefore()).stream().distinct()
                                                                      .sorted(Comparator.reverseOrder()).toList();
    }
}
