package ledger.command.measure;

import ledger.messages.ActorRole;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Recurrence;

import java.util.ArrayList;
import java.util.List;

/**
 * Rules of a measure's lifecycle that are plain functions of its state: what an assignment
 * records, which commands a state accepts (named in every 409, by HTTP's names), who may act.
 */
final class LifecycleRules {

    static final String SUBMIT_PLAN = "submitPlan";
    static final String REPORT_PROGRESS = "reportProgress";
    static final String VERIFY = "verify";
    static final String ESCALATE = "escalate";
    static final String RESOLVE_ESCALATION = "resolveEscalation";
    static final String EXTEND_DUE_DATE = "extendDueDate";

    private LifecycleRules() {
    }

    /** The event of an assignment, its defaults filled in: the due date's basis, the reminders' lead times. */
    static MeasureAssigned assigned(AssignMeasure command, List<Integer> reminders) {
        return new MeasureAssigned(command.measureId(), command.planId(), command.section(), command.sectionTitle(),
                                   command.number(), command.title(), command.description(), command.leaders(),
                                   command.leadUnits(), command.dueDate(), command.recurrence(),
                                   command.dueDateBasis() != null ? command.dueDateBasis()
                                           : new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null),
                                   command.recurrence() == Recurrence.TIMES_PER_YEAR ? command.timesPerYear() : null,
                                   reminders);
    }

    static List<String> allowedCommands(MeasureStatus status, int escalationLevel) {
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

    /**
     * Only a lead unit of the measure submits its plan and reports on it (units are canonical names
     * on both sides). Denied by default: a command without a role, with another role, or from a
     * unit token that names no unit is refused as well. Why it is refused, or null if it is not.
     */
    static String notALeadUnit(String measureId, List<String> leadUnits, String role, String unit) {
        if (ActorRole.UNIT.name().equals(role) && unit != null && leadUnits.contains(unit)) {
            return null;
        }
        String actor = role == null ? "a command without an actor role"
                : ActorRole.UNIT.name().equals(role) ? "unit " + unit : "role " + role;
        return "only a lead unit of measure " + measureId + " may do this (" + leadUnits + "), not " + actor;
    }
}
