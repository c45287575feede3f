package ledger.messages.measure;

import org.axonframework.serialization.Revision;

/** The open escalation, which had reached {@code resolvedLevel}, was resolved. */
@Revision("1")
public record EscalationResolved(String measureId, int resolvedLevel, String notes) implements MeasureEvent {
}
