package ledger.messages.eventstore;

import ledger.messages.CommandOutcome;
import ledger.messages.CommandRejection;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.MilestoneMissed;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.ReportPeriodMissed;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.ResolveEscalation;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.measure.VerifyMeasure;
import ledger.messages.plan.PlanRegistered;
import ledger.messages.plan.RegisterPlan;
import ledger.messages.query.Dashboard;
import ledger.messages.query.DashboardSummary;
import ledger.messages.query.FindMeasure;
import ledger.messages.query.GetDashboardSummary;
import ledger.messages.query.GetLeaderDashboard;
import ledger.messages.query.GetMeasureHistory;
import ledger.messages.query.GetMeasureState;
import ledger.messages.query.GetUnitDashboard;
import ledger.messages.query.IsPlanKnown;
import ledger.messages.query.ListMeasures;
import ledger.messages.query.MeasureHistory;
import ledger.messages.query.MeasurePage;
import ledger.messages.query.MeasureView;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stable logical names messages are stored and sent under, instead of Java class names, so
 * that moving or renaming a class breaks no stored event. A name, once used, is never reused
 * for another shape: a new shape is a new revision, with an upcaster.
 */
public final class MessageTypes {

    private static final List<Class<?>> TYPES = List.of(
            // events
            MeasureAssigned.class, ImplementationPlanSubmitted.class, ProgressReported.class, MeasureVerified.class,
            VerificationRejected.class, MeasureEscalated.class, EscalationResolved.class, DueDateExtended.class,
            MilestoneMissed.class, MeasureReminded.class, MeasureUrged.class, ReportPeriodMissed.class,
            PlanRegistered.class,
            // commands and their answers
            AssignMeasure.class, SubmitImplementationPlan.class, ReportProgress.class, VerifyMeasure.class,
            EscalateMeasure.class, ResolveEscalation.class, ExtendDueDate.class, RegisterPlan.class,
            CommandOutcome.class, CommandRejection.class,
            // queries and their answers
            FindMeasure.class, ListMeasures.class, GetMeasureHistory.class, GetMeasureState.class, GetDashboardSummary.class,
            GetUnitDashboard.class, GetLeaderDashboard.class, IsPlanKnown.class, MeasureView.class, MeasurePage.class,
            MeasureHistory.class, Dashboard.class, DashboardSummary.class);

    private static final Map<Class<?>, String> NAMES = new HashMap<>();
    private static final Map<String, Class<?>> CLASSES = new HashMap<>();

    static {
        for (Class<?> type : TYPES) {
            String name = type.getSimpleName();
            if (CLASSES.put(name, type) != null) {
                throw new ExceptionInInitializerError("two message types named " + name);
            }
            NAMES.put(type, name);
        }
    }

    private MessageTypes() {
    }

    /** The logical name of a message class, if it is one of the ledger's. */
    public static Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(NAMES.get(type));
    }

    /** The class stored under a logical name, if it is one of the ledger's. */
    public static Optional<Class<?>> classOf(String name) {
        return Optional.ofNullable(CLASSES.get(name));
    }
}
