package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A milestone of the implementation plan passed without a progress report naming it: recorded by
 * the ledger itself (actor "system") when its day ended. The measure is behind schedule (YELLOW).
 */
@Revision("1")
public record MilestoneMissed(String measureId, String milestone, LocalDate dueDate) implements MeasureEvent {
}
