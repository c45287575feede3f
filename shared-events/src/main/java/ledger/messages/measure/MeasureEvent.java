package ledger.messages.measure;

/** A fact in a measure's history. Every implementation is a record with a {@code @Revision}. */
public interface MeasureEvent {

    String measureId();
}
