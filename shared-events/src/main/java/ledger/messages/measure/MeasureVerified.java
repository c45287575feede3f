package ledger.messages.measure;

import org.axonframework.serialization.Revision;

/** The result passed verification: the measure is closed out (销号). */
@Revision("1")
public record MeasureVerified(String measureId, String notes) implements MeasureEvent {
}
