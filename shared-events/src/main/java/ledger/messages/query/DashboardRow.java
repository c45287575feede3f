package ledger.messages.query;

import java.util.Map;

/**
 * The counts of one group of measures (a lead unit, a leader, a section).
 *
 * @param byStatus       measures per status, every status present
 * @param byUrgency      measures per urgency, every urgency present
 * @param overdue        past their due date and not verified
 * @param escalated      with an open escalation
 * @param meanCompletion the mean of the latest percent complete, 0 when there are no measures
 * @param reminders      reminders (提醒) sent for these measures, in all
 * @param urgings        urgings (催办) of these measures, in all
 * @param escalations    escalations (督办) of these measures, in all, by hand or by the system
 */
public record DashboardRow(String name,
                           long total,
                           Map<String, Long> byStatus,
                           Map<String, Long> byUrgency,
                           long overdue,
                           long escalated,
                           double meanCompletion,
                           long reminders,
                           long urgings,
                           long escalations) {
}
