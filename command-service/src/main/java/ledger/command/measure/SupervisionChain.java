package ledger.command.measure;

import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.MilestoneMissed;
import ledger.messages.measure.Obligation;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportPeriodMissed;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static ledger.command.measure.MeasureDeadlines.MILESTONE_DUE;
import static ledger.command.measure.MeasureDeadlines.OVERDUE;
import static ledger.command.measure.MeasureDeadlines.PERIOD_END;
import static ledger.command.measure.MeasureDeadlines.REJECTION;

/**
 * The office's chain as rules: reminders, urging (催办) when a date passes, escalation (督办) when
 * urging did not help. Given the measure as it stands and the deadline that fell, each rule says
 * what follows, as {@link Step}s; nothing here applies or schedules anything (the measure carries
 * the steps out through {@link MeasureDeadlines#carryOut}). A closed-out measure is chased no more.
 */
final class SupervisionChain {

    /** The measure as the chain reads it. */
    record State(String measureId, MeasureStatus status, LocalDate dueDate, int escalationLevel,
                 boolean readyForVerification, List<Milestone> milestones, Set<String> milestonesMet,
                 Recurrence recurrence, int timesPerYear, List<Integer> remindDaysBefore, int reports,
                 Set<String> periodsMissed) {

        boolean open() {
            return status != MeasureStatus.VERIFIED;
        }

        int reportsPerPeriod() {
            return recurrence == Recurrence.TIMES_PER_YEAR ? timesPerYear : 1;
        }

        boolean inPlan(String title, LocalDate due) {
            return milestones.stream().anyMatch(m -> m.title().equals(title) && m.dueDate().equals(due));
        }

        /** The plan's lead times of reminders, or the office's. */
        List<Integer> leadTimes(DeadlinePolicy policy) {
            return remindDaysBefore != null ? remindDaysBefore : policy.remindDaysBefore();
        }
    }

    /** One thing the chain does. */
    sealed interface Step permits Record, AfterUrging, Escalate, OpenPeriod {
    }

    /** An event the system records. */
    record Record(MeasureEvent event) implements Step {
    }

    /** What is checked once urging has had its time (under the name of what was urged). */
    record AfterUrging(String deadline, Object payload) implements Step {
    }

    /** One level up, by the system (not above the office's top level). */
    record Escalate(EscalationReason reason, String notes) implements Step {
    }

    /** A calendar period begins: its end, and its reminders. */
    record OpenPeriod(CalendarPeriod period, List<Integer> leadDays, int reportsBefore) implements Step {
    }

    private SupervisionChain() {
    }

    /** What follows when a deadline of the measure falls; nothing for a payload the chain does not know. */
    static List<Step> decide(State measure, Object deadline, DeadlinePolicy policy) {
        if (!measure.open()) {
            return List.of();
        }
        if (deadline instanceof MeasureDeadlines.Reminder reminder) {
            return remind(measure, reminder);
        } else if (deadline instanceof MeasureDeadlines.DueDatePassed passed) {
            return dueDatePassed(measure, passed);
        } else if (deadline instanceof MeasureDeadlines.OverdueUrged urged) {
            return overdueUrged(measure, urged);
        } else if (deadline instanceof Milestone due) {
            return milestoneDue(measure, due);
        } else if (deadline instanceof MeasureDeadlines.MilestoneUrged urged) {
            return milestoneUrged(measure, urged);
        } else if (deadline instanceof MeasureDeadlines.PeriodEnds period) {
            return periodEnded(measure, period, policy);
        } else if (deadline instanceof MeasureDeadlines.PeriodUrged urged) {
            return periodUrged(measure, urged);
        } else if (deadline instanceof MeasureDeadlines.ReportDue) {
            return rollingPeriodEnded(measure, policy);
        } else if (deadline instanceof MeasureDeadlines.RejectionUnanswered unanswered) {
            return rejectionUnanswered(measure, unanswered);
        } else if (deadline instanceof MeasureDeadlines.RejectionUrged urged) {
            return rejectionUrged(measure, urged);
        } else if (deadline instanceof MeasureDeadlines.EscalationUnresolved) {
            return stillEscalated(measure, policy);
        }
        return List.of();
    }

    /** A reminder goes out while what it reminds of is still due. */
    static List<Step> remind(State m, MeasureDeadlines.Reminder reminder) {
        boolean due = switch (reminder.obligation()) {
            case DUE_DATE -> reminder.dueDate().equals(m.dueDate()) && !m.readyForVerification();
            case MILESTONE -> m.inPlan(reminder.item(), reminder.dueDate())
                              && !m.milestonesMet().contains(reminder.item());
            case PERIODIC_REPORT -> m.reports() - reminder.reportsBefore() < m.reportsPerPeriod();
            default -> false;
        };
        return !due ? List.of() : List.of(new Record(new MeasureReminded(
                m.measureId(), reminder.obligation(), reminder.item(), reminder.dueDate(), reminder.leadDays())));
    }

    /** The due date passed unverified: urged, unless the unit has done its part and awaits verification. */
    static List<Step> dueDatePassed(State m, MeasureDeadlines.DueDatePassed deadline) {
        if (!deadline.dueDate().equals(m.dueDate()) || m.readyForVerification()) {
            return List.of();   // a due date since extended, or done and awaiting verification
        }
        return List.of(new Record(new MeasureUrged(m.measureId(), Obligation.DUE_DATE, null, m.dueDate())),
                       new AfterUrging(OVERDUE, new MeasureDeadlines.OverdueUrged(m.dueDate())));
    }

    /** Urging did not help: escalated as OVERDUE. */
    static List<Step> overdueUrged(State m, MeasureDeadlines.OverdueUrged deadline) {
        if (!deadline.dueDate().equals(m.dueDate()) || m.readyForVerification()) {
            return List.of();
        }
        return List.of(new Escalate(EscalationReason.OVERDUE,
                                    "due date " + m.dueDate() + " passed unverified; urging did not help"));
    }

    /** A milestone's day ended without a report naming it: recorded, and urged; the measure is behind schedule. */
    static List<Step> milestoneDue(State m, Milestone due) {
        if (m.milestonesMet().contains(due.title()) || !m.inPlan(due.title(), due.dueDate())) {
            return List.of();   // reported, or replaced by a new plan
        }
        return List.of(new Record(new MilestoneMissed(m.measureId(), due.title(), due.dueDate())),
                       new Record(new MeasureUrged(m.measureId(), Obligation.MILESTONE, due.title(), due.dueDate())),
                       new AfterUrging(MILESTONE_DUE, new MeasureDeadlines.MilestoneUrged(due.title(), due.dueDate())));
    }

    /** Urging a milestone did not help: escalated as a missed report. */
    static List<Step> milestoneUrged(State m, MeasureDeadlines.MilestoneUrged due) {
        if (m.milestonesMet().contains(due.title()) || !m.inPlan(due.title(), due.dueDate())) {
            return List.of();
        }
        return List.of(new Escalate(EscalationReason.MISSED_REPORT, "milestone " + due.title() + " due "
                                                                    + due.dueDate() + " not reported; urging did not help"));
    }

    /**
     * A calendar period ended. Too few reports in it: recorded once, naming the period; a period's
     * report is urged, a yearly count escalated at once. Then the next period begins.
     */
    static List<Step> periodEnded(State m, MeasureDeadlines.PeriodEnds period, DeadlinePolicy policy) {
        if (m.recurrence() == null) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        int reported = m.reports() - period.reportsBefore();
        if (reported < m.reportsPerPeriod() && !m.periodsMissed().contains(period.period())) {
            steps.add(new Record(new ReportPeriodMissed(m.measureId(), period.period(), period.last(),
                                                        m.reportsPerPeriod(), reported)));
            if (m.recurrence() == Recurrence.TIMES_PER_YEAR) {
                steps.add(new Escalate(EscalationReason.MISSED_REPORT,
                                       reported + " of at least " + m.timesPerYear() + " reports in " + period.period()));
            } else {
                steps.add(new Record(new MeasureUrged(m.measureId(), Obligation.PERIODIC_REPORT, period.period(),
                                                      period.last())));
                steps.add(new AfterUrging(PERIOD_END, new MeasureDeadlines.PeriodUrged(period.period(), period.last(),
                                                                                       m.reports())));
            }
        }
        CalendarPeriod ended = new CalendarPeriod(period.period(), period.first(), period.last());
        steps.add(new OpenPeriod(ended.next(m.recurrence()), m.leadTimes(policy), m.reports()));
        return steps;
    }

    /** Urging a period's report did not help: escalated as a missed report. */
    static List<Step> periodUrged(State m, MeasureDeadlines.PeriodUrged urged) {
        return m.reports() > urged.reportsBefore() ? List.of() : List.of(new Escalate(
                EscalationReason.MISSED_REPORT, "no report for " + urged.period() + "; urging did not help"));
    }

    /** A rolling period set before calendar periods came due: the measure moves to calendar periods. */
    static List<Step> rollingPeriodEnded(State m, DeadlinePolicy policy) {
        return m.recurrence() == null ? List.of() : List.of(new OpenPeriod(
                CalendarPeriod.containing(m.recurrence(), policy.today()), m.leadTimes(policy), m.reports()));
    }

    /** No new report in time after a rejected verification: urged. */
    static List<Step> rejectionUnanswered(State m, MeasureDeadlines.RejectionUnanswered deadline) {
        if (m.reports() > deadline.reportsBefore()) {
            return List.of();
        }
        return List.of(new Record(new MeasureUrged(m.measureId(), Obligation.REPORT_AFTER_REJECTION, null,
                                                   deadline.expectedBy())),
                       new AfterUrging(REJECTION, new MeasureDeadlines.RejectionUrged(deadline.reportsBefore(),
                                                                                      deadline.expectedBy())));
    }

    /** Urging after a rejection did not help: escalated as FAILED_VERIFICATION. */
    static List<Step> rejectionUrged(State m, MeasureDeadlines.RejectionUrged deadline) {
        return m.reports() > deadline.reportsBefore() ? List.of() : List.of(new Escalate(
                EscalationReason.FAILED_VERIFICATION, "no new report after the rejected verification by "
                                                      + deadline.expectedBy() + "; urging did not help"));
    }

    /** An escalation left unresolved for the policy's period goes one level up. */
    static List<Step> stillEscalated(State m, DeadlinePolicy policy) {
        return m.escalationLevel() == 0 ? List.of() : List.of(new Escalate(
                EscalationReason.OVERDUE, "escalation of level " + m.escalationLevel() + " unresolved for "
                                          + policy.reEscalateAfter().toDays() + " days"));
    }
}
