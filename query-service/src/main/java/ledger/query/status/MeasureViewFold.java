package ledger.query.status;

import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Urgency;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.query.MeasureView;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * How one event changes a measure's status view: the one definition both the status projection
 * and the state-at-an-instant query use. Pure; an event at or below the view's version has been
 * applied already and changes nothing. (Urgency depends on the day it is asked about, not on
 * events: it is computed when read, see V5__urgency.sql.)
 */
public final class MeasureViewFold {

    private MeasureViewFold() {
    }

    /**
     * @param current the view before the event; null before the measure's first event
     * @param zone    where the plan is: its calendar dates the assignment
     * @return the view after it; null while the measure does not exist yet
     */
    public static MeasureView apply(MeasureView current, Object event, long sequence, Instant occurredAt,
                                    ZoneId zone) {
        if (event instanceof MeasureAssigned assigned) {
            return current != null ? current : new MeasureView(
                    assigned.measureId(), assigned.planId(), assigned.section(), assigned.sectionTitle(),
                    assigned.number(), assigned.title(), assigned.leaders(), assigned.leadUnits(),
                    MeasureStatus.ASSIGNED, 0, assigned.dueDate(), assigned.recurrence(), Urgency.NONE, 0, sequence,
                    occurredAt, occurredAt.atZone(zone).toLocalDate(), List.of(), List.of(), null, 0, 0, 0);
        }
        if (current == null || sequence <= current.version()) {
            return current;
        }
        Change change = new Change(current, sequence, occurredAt);
        if (event instanceof ImplementationPlanSubmitted plan) {
            // a resubmitted plan leaves a measure in progress where it is, with the new milestones
            MeasureStatus status = current.status() == MeasureStatus.ASSIGNED ? MeasureStatus.PLAN_SUBMITTED
                    : current.status();
            return change.with(status, current.percentComplete(), current.dueDate(), current.escalationLevel(),
                               plan.milestones(), current.milestonesMet());
        }
        if (event instanceof ProgressReported progress) {
            List<String> met = new ArrayList<>(current.milestonesMet());
            if (progress.milestone() != null && !met.contains(progress.milestone())) {
                met.add(progress.milestone());
            }
            return change.with(MeasureStatus.IN_PROGRESS, progress.percentComplete(), current.dueDate(),
                               current.escalationLevel(), current.milestones(), met);
        }
        if (event instanceof MeasureVerified) {
            return change.status(MeasureStatus.VERIFIED);
        }
        if (event instanceof VerificationRejected) {
            return change.status(MeasureStatus.IN_PROGRESS);
        }
        if (event instanceof MeasureEscalated escalated) {
            return counted(change.with(current.status(), current.percentComplete(), current.dueDate(),
                                       escalated.level(), current.milestones(), current.milestonesMet()), 0, 0, 1);
        }
        if (event instanceof MeasureReminded) {
            return counted(change.status(current.status()), 1, 0, 0);
        }
        if (event instanceof MeasureUrged) {
            return counted(change.status(current.status()), 0, 1, 0);
        }
        if (event instanceof EscalationResolved) {
            return change.with(current.status(), current.percentComplete(), current.dueDate(), 0,
                               current.milestones(), current.milestonesMet());
        }
        if (event instanceof DueDateExtended extended) {
            return change.with(current.status(), current.percentComplete(), extended.newDueDate(),
                               current.escalationLevel(), current.milestones(), current.milestonesMet());
        }
        // an event this view does not show still moves its version on
        return change.status(current.status());
    }

    private record Change(MeasureView v, long sequence, Instant at) {

        MeasureView status(MeasureStatus status) {
            return with(status, v.percentComplete(), v.dueDate(), v.escalationLevel(), v.milestones(),
                        v.milestonesMet());
        }

        MeasureView with(MeasureStatus status, int percent, LocalDate dueDate, int escalationLevel,
                         List<Milestone> milestones, List<String> met) {
            LocalDate nextMilestone = milestones.stream().filter(m -> !met.contains(m.title()))
                                                .map(Milestone::dueDate).min(LocalDate::compareTo).orElse(null);
            return new MeasureView(v.measureId(), v.planId(), v.section(), v.sectionTitle(), v.number(), v.title(),
                                   v.leaders(), v.leadUnits(), status, percent, dueDate, v.recurrence(), v.urgency(),
                                   escalationLevel, sequence, at, v.assignedOn(), milestones, met, nextMilestone,
                                   v.reminders(), v.urgings(), v.escalations());
        }
    }

    /** The office's chain counted on: more reminders (提醒), urgings (催办) or escalations (督办). */
    private static MeasureView counted(MeasureView v, int reminders, int urgings, int escalations) {
        return new MeasureView(v.measureId(), v.planId(), v.section(), v.sectionTitle(), v.number(), v.title(),
                               v.leaders(), v.leadUnits(), v.status(), v.percentComplete(), v.dueDate(),
                               v.recurrence(), v.urgency(), v.escalationLevel(), v.version(), v.lastChangedAt(),
                               v.assignedOn(), v.milestones(), v.milestonesMet(), v.nextMilestoneDue(),
                               v.reminders() + reminders, v.urgings() + urgings, v.escalations() + escalations);
    }
}
