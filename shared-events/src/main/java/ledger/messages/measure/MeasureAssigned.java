package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * A measure was put on the ledger. Carries everything the status view shows of it.
 * <p>
 * Revision 2 adds {@code timesPerYear} (the N of "at least N a year", with
 * {@link Recurrence#TIMES_PER_YEAR}) and {@code remindDaysBefore} (the lead times of its reminders,
 * as decided at assignment). Revision 1 events are read with both null (AddedPropertiesUpcaster):
 * no count, and the service's default lead times.
 */
@Revision("2")
public record MeasureAssigned(String measureId,
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
                              List<Integer> remindDaysBefore) implements MeasureEvent {

    public MeasureAssigned {
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
        leadUnits = leadUnits == null ? List.of() : List.copyOf(leadUnits);
        remindDaysBefore = remindDaysBefore == null ? null : List.copyOf(remindDaysBefore);
    }

    /** A measure without a yearly count and with the service's default reminders. */
    public MeasureAssigned(String measureId, String planId, int section, String sectionTitle, int number, String title,
                           String description, List<String> leaders, List<String> leadUnits, LocalDate dueDate,
                           Recurrence recurrence, DueDateBasis dueDateBasis) {
        this(measureId, planId, section, sectionTitle, number, title, description, leaders, leadUnits, dueDate,
             recurrence, dueDateBasis, null, null);
    }
}
