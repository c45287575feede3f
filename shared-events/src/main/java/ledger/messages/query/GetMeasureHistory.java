package ledger.messages.query;

/** Every event of a measure in order; answered with a {@link MeasureHistory}, empty when it is unknown. */
public record GetMeasureHistory(String measureId) {
}
