package ledger.messages.measure;

import org.axonframework.serialization.Revision;

/** The result failed verification: back to work, for the reasons given. */
@Revision("1")
public record VerificationRejected(String measureId, String reasons) implements MeasureEvent {
}
