package ledger.messages.measure;

import org.axonframework.serialization.Revision;

/** The measure was escalated to {@code level} (1 is the first escalation). */
@Revision("1")
public record MeasureEscalated(String measureId, int level, EscalationReason reason, String notes) implements MeasureEvent {
}
