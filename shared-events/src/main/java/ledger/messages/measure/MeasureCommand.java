package ledger.messages.measure;

/**
 * A command on an existing measure. {@code expectedVersion} is the caller's optimistic lock
 * (HTTP If-Match): when it is set and the measure has moved on, the command is refused.
 */
public interface MeasureCommand {

    String measureId();

    Long expectedVersion();
}
