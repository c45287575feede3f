package ledger.messages.query;

/** One measure's status view; answered with an Optional of {@link MeasureView}. */
public record FindMeasure(String measureId) {
}
