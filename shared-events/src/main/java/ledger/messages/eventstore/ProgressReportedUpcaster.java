package ledger.messages.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * ProgressReported revision 1 → 2: revision 2 names the milestone a report is about. A report of
 * revision 1 was about none in particular, so {@code milestone} is null. The stored event is not
 * changed; it is read as revision 2.
 */
public final class ProgressReportedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType("ProgressReported", "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType("ProgressReported", "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ((ObjectNode) payload).putNull("milestone");
            return payload;
        });
    }
}
