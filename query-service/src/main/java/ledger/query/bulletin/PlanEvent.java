package ledger.query.bulletin;

import java.time.Instant;

/**
 * One event of a plan's history, as a bulletin or register names it: where it stands in the
 * ledger, when it happened and who did it, and its payload in the current revision.
 */
public record PlanEvent(long position, String eventId, String aggregateId, long sequence, Instant occurredAt,
                        String type, Object payload, String actorId, String actorRole, String actorUnit) {
}
