package ledger.query.status;

import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Urgency;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.query.MeasureView;

import java.time.Instant;

/**
 * How one event changes a measure's status view: the one definition both the status projection
 * and the state-at-an-instant query use. Pure; an event at or below the view's version has been
 * applied already and changes nothing.
 */
public final class MeasureViewFold {

    private MeasureViewFold() {
    }

    /**
     * @param current the view before the event; null before the measure's first event
     * @return the view after it; null while the measure does not exist yet
     */
    public static MeasureView apply(MeasureView current, Object event, long sequence, Instant occurredAt) {
        if (event instanceof MeasureAssigned assigned) {
            return current != null ? current : new MeasureView(
                    assigned.measureId(), assigned.planId(), assigned.section(), assigned.sectionTitle(),
                    assigned.number(), assigned.title(), assigned.leaders(), assigned.leadUnits(),
                    MeasureStatus.ASSIGNED, 0, assigned.dueDate(), assigned.recurrence(), Urgency.NONE, 0, sequence,
                    occurredAt);
        }
        if (current == null || sequence <= current.version()) {
            return current;
        }
        Change change = new Change(current, sequence, occurredAt);
        if (event instanceof ImplementationPlanSubmitted) {
            // a resubmitted plan leaves a measure in progress where it is
            return change.status(current.status() == MeasureStatus.ASSIGNED ? MeasureStatus.PLAN_SUBMITTED
                                         : current.status(), current.percentComplete());
        }
        if (event instanceof ProgressReported progress) {
            return change.status(MeasureStatus.IN_PROGRESS, progress.percentComplete());
        }
        if (event instanceof MeasureVerified) {
            return change.status(MeasureStatus.VERIFIED, current.percentComplete());
        }
        if (event instanceof VerificationRejected) {
            return change.status(MeasureStatus.IN_PROGRESS, current.percentComplete());
        }
        if (event instanceof MeasureEscalated escalated) {
            return change.escalation(escalated.level());
        }
        if (event instanceof EscalationResolved) {
            return change.escalation(0);
        }
        if (event instanceof DueDateExtended extended) {
            MeasureView v = current;
            return new MeasureView(v.measureId(), v.planId(), v.section(), v.sectionTitle(), v.number(), v.title(),
                                   v.leaders(), v.leadUnits(), v.status(), v.percentComplete(), extended.newDueDate(),
                                   v.recurrence(), v.urgency(), v.escalationLevel(), sequence, occurredAt);
        }
        // an event this view does not show still moves its version on
        return change.status(current.status(), current.percentComplete());
    }

    private record Change(MeasureView v, long sequence, Instant at) {

        MeasureView status(MeasureStatus status, int percent) {
            return new MeasureView(v.measureId(), v.planId(), v.section(), v.sectionTitle(), v.number(), v.title(),
                                   v.leaders(), v.leadUnits(), status, percent, v.dueDate(), v.recurrence(),
                                   v.urgency(), v.escalationLevel(), sequence, at);
        }

        MeasureView escalation(int level) {
            return new MeasureView(v.measureId(), v.planId(), v.section(), v.sectionTitle(), v.number(), v.title(),
                                   v.leaders(), v.leadUnits(), v.status(), v.percentComplete(), v.dueDate(),
                                   v.recurrence(), v.urgency(), level, sequence, at);
        }
    }
}
