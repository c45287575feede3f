package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * 交办: put a numbered measure of a plan on the ledger, with its leaders, lead units and due date.
 *
 * @param timesPerYear     with {@link Recurrence#TIMES_PER_YEAR}: at least this many reports in each
 *                         calendar year; null otherwise
 * @param remindDaysBefore how many days before each due date, milestone and period end the lead
 *                         units are reminded (the plan's setting, e.g. 7 and 1); null: the service's
 *                         default, empty: no reminders
 */
public record AssignMeasure(@TargetAggregateIdentifier String measureId,
                            String planId,
                            int section,
                            String sectionTitle,
                            int number,
                            String title,
                            String description,
                            List<String> leaders,
                            List<String> leadUnits,
                            LocalDate dueDate,
                            Recurrence recurrence,
                            DueDateBasis dueDateBasis,
                            Integer timesPerYear,
                            List<Integer> remindDaysBefore) {

    public AssignMeasure {
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
        leadUnits = leadUnits == null ? List.of() : List.copyOf(leadUnits);
        remindDaysBefore = remindDaysBefore == null ? null : List.copyOf(remindDaysBefore);
    }

    /** A measure without a yearly count and with the service's default reminders. */
    public AssignMeasure(String measureId, String planId, int section, String sectionTitle, int number, String title,
                         String description, List<String> leaders, List<String> leadUnits, LocalDate dueDate,
                         Recurrence recurrence, DueDateBasis dueDateBasis) {
        this(measureId, planId, section, sectionTitle, number, title, description, leaders, leadUnits, dueDate,
             recurrence, dueDateBasis, null, null);
    }
}
