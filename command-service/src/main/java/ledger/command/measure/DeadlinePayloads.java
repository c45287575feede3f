package ledger.command.measure;

import ledger.messages.eventstore.StoredTypeNames;
import ledger.messages.measure.Milestone;

/**
 * The names deadline payloads are stored under in {@code event_store.scheduled_tasks} and in
 * exports, as events have theirs (MessageTypes): a payload class may move or be renamed without
 * stranding a pending deadline. Each also lists the Java class names it was stored under before
 * it had a name; those rows are still read, and they fire.
 */
public final class DeadlinePayloads {

    private static final String MEASURE = "ledger.command.measure.Measure$";
    private static final String DEADLINES = "ledger.command.measure.MeasureDeadlines$";

    public static final StoredTypeNames NAMES = StoredTypeNames.none()
            .with("deadline.DueDatePassed", MeasureDeadlines.DueDatePassed.class,
                  DEADLINES + "DueDatePassed", MEASURE + "DueDatePassed")
            .with("deadline.EscalationUnresolved", MeasureDeadlines.EscalationUnresolved.class,
                  DEADLINES + "EscalationUnresolved", MEASURE + "EscalationUnresolved")
            .with("deadline.ReportDue", MeasureDeadlines.ReportDue.class, DEADLINES + "ReportDue", MEASURE + "ReportDue")
            .with("deadline.Reminder", MeasureDeadlines.Reminder.class, DEADLINES + "Reminder")
            .with("deadline.PeriodEnds", MeasureDeadlines.PeriodEnds.class, DEADLINES + "PeriodEnds")
            .with("deadline.PeriodUrged", MeasureDeadlines.PeriodUrged.class, DEADLINES + "PeriodUrged")
            .with("deadline.OverdueUrged", MeasureDeadlines.OverdueUrged.class, DEADLINES + "OverdueUrged")
            .with("deadline.MilestoneUrged", MeasureDeadlines.MilestoneUrged.class, DEADLINES + "MilestoneUrged")
            .with("deadline.RejectionUnanswered", MeasureDeadlines.RejectionUnanswered.class,
                  DEADLINES + "RejectionUnanswered")
            .with("deadline.RejectionUrged", MeasureDeadlines.RejectionUrged.class, DEADLINES + "RejectionUrged")
            .with("deadline.MilestoneDue", Milestone.class, "ledger.messages.measure.Milestone");

    private DeadlinePayloads() {
    }
}
