package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** The due date was moved later, for a stated reason. */
@Revision("1")
public record DueDateExtended(String measureId, LocalDate previousDueDate, LocalDate newDueDate, String reason) implements MeasureEvent {
}
