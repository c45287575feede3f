package ledger.query.status.api;

/** No measure with this id is in the views: 404. */
public class UnknownMeasureException extends RuntimeException {

    public UnknownMeasureException(String measureId) {
        super("no measure " + measureId);
    }
}
