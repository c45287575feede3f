package ledger.messages.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One stored event as an auditor reads it.
 *
 * @param sequence       its number within the measure (the measure's version after it)
 * @param globalPosition its position in the whole ledger
 * @param type           its logical type, such as {@code ProgressReported}
 * @param revision       the revision of its payload's shape
 * @param actor          who did it
 * @param correlationId  the request that caused it
 * @param chainHash      its link in the measure's hash chain (see EventChain)
 */
public record HistoryEntry(long sequence,
                           long globalPosition,
                           String type,
                           String revision,
                           Instant occurredAt,
                           ActorView actor,
                           String correlationId,
                           JsonNode payload,
                           String chainHash) {

    /** The actor as stored in the event's metadata. */
    public record ActorView(String id, String role, String unit) {
    }
}
