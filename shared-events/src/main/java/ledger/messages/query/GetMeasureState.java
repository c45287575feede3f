package ledger.messages.query;

import java.time.Instant;

/**
 * A measure as it stood at an instant, rebuilt from its events (not from the status view);
 * answered with an Optional of {@link MeasureView}, empty before the measure existed.
 */
public record GetMeasureState(String measureId, Instant asOf) {
}
