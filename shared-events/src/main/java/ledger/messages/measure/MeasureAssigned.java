package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/** A measure was put on the ledger. Carries everything the status view shows of it. */
@Revision("1")
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
                              DueDateBasis dueDateBasis) implements MeasureEvent {

    public MeasureAssigned {
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
        leadUnits = leadUnits == null ? List.of() : List.copyOf(leadUnits);
    }
}
