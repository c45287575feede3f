package ledger.messages.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.List;
import java.util.Map;

/**
 * Revisions that only added properties, read as the next revision with those properties null:
 * MeasureAssigned 1 → 2 ({@code timesPerYear}, {@code remindDaysBefore}: no yearly count, the
 * service's default reminders) and PlanRegistered 1 → 2 ({@code remindDaysBefore}). The stored
 * event is not changed. {@link EventSchemas} describes the past revisions from the same table.
 */
public final class AddedPropertiesUpcaster extends SingleEventUpcaster {

    /** Logical type → the revision read → the properties the next revision added. */
    static final Map<String, Map<String, List<String>>> ADDED = Map.of(
            "MeasureAssigned", Map.of("1", List.of("timesPerYear", "remindDaysBefore")),
            "PlanRegistered", Map.of("1", List.of("remindDaysBefore")));

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return added(representation) != null;
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        List<String> properties = added(representation);
        String revision = representation.getType().getRevision();
        SimpleSerializedType next = new SimpleSerializedType(representation.getType().getName(),
                                                             String.valueOf(Integer.parseInt(revision) + 1));
        return representation.upcastPayload(next, JsonNode.class, payload -> {
            properties.forEach(((ObjectNode) payload)::putNull);
            return payload;
        });
    }

    private static List<String> added(IntermediateEventRepresentation representation) {
        return ADDED.getOrDefault(representation.getType().getName(), Map.of())
                    .get(representation.getType().getRevision());
    }
}
