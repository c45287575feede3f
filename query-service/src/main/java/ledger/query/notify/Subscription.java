package ledger.query.notify;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** A registered webhook as the admin API shows it (never its secret). */
public record Subscription(long id, String url, List<String> eventTypes, List<String> leadUnits, String description,
                           long fromPosition, Instant createdAt, String createdBy) {

    /** Whether an event of this type, at this position, on a measure with these lead units, goes to it. */
    public boolean wants(String eventType, long position, Collection<String> measureLeadUnits) {
        return position > fromPosition && eventTypes.contains(eventType)
               && (leadUnits.isEmpty() || measureLeadUnits.stream().anyMatch(leadUnits::contains));
    }
}
