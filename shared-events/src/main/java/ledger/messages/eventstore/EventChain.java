package ledger.messages.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The tamper-evident chain over each aggregate's events. Every stored event carries, in its
 * metadata under {@link #HASH}, the hash of its aggregate's previous event chained with its own
 * canonical form:
 *
 * <pre>
 *   hash(n) = hex(SHA-256( UTF-8( hash(n-1) + "\n" + canonical(n) ) )),   hash(-1) = 64 × "0"
 *   canonical(n) = compact JSON, object keys sorted by code point, of
 *     {"aggregateId", "aggregateType", "eventId", "metadata" (all but "hash"), "payload",
 *      "payloadType", "revision", "sequence", "timestamp"}
 * </pre>
 *
 * Every value is as stored in {@code event_store.domain_event_entry}: payload and metadata are
 * the JSON of their columns, timestamp the {@code time_stamp} text, sequence a number. An auditor
 * can recompute it with {@code jq -cS} and {@code sha256sum}; see docs/AUDIT.md.
 */
public final class EventChain {

    public static final String HASH = "hash";
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventChain() {
    }

    /** One stored event, as its row holds it. */
    public record StoredEvent(String aggregateType, String aggregateId, long sequence, String eventId,
                              String timestamp, String payloadType, String revision, byte[] payload,
                              byte[] metadata) {
    }

    public static String hash(String previousHash, StoredEvent event) {
        return Sha256.hex(previousHash + "\n" + canonicalForm(event));
    }

    public static String canonicalForm(StoredEvent event) {
        ObjectNode metadata = (ObjectNode) read(event.metadata());
        metadata.remove(HASH);
        ObjectNode form = JsonNodeFactory.instance.objectNode();
        form.put("aggregateId", event.aggregateId());
        form.put("aggregateType", event.aggregateType());
        form.put("eventId", event.eventId());
        form.set("metadata", metadata);
        form.set("payload", read(event.payload()));
        form.put("payloadType", event.payloadType());
        form.put("revision", event.revision());
        form.put("sequence", event.sequence());
        form.put("timestamp", event.timestamp());
        try {
            return JSON.writeValueAsString(sorted(form));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hash stored in an event's metadata, or null if it has none. */
    public static String storedHash(byte[] metadata) {
        JsonNode hash = read(metadata).get(HASH);
        return hash == null || hash.isNull() ? null : hash.asText();
    }

    private static JsonNode read(byte[] json) {
        try {
            return json == null ? JsonNodeFactory.instance.objectNode() : JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON", e);
        }
    }

    /** A copy with every object's keys in code-point order, as {@code jq -S} writes them. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(String::compareTo);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                copy.set(name, sorted(node.get(name)));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                copy.add(sorted(it.next()));
            }
            return copy;
        }
        return node;
    }

}
