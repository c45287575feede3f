package ledger.query.bulletin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.MessageTypes;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.plan.RegisterPlan;
import ledger.query.audit.EventStoreAudit;
import ledger.query.audit.EventStoreAudit.LedgerEvent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A plan's events read from the event store through the auditors' read path ({@link EventStoreAudit}),
 * in global order, decoded as the services decode them: an event stored in its type's current
 * revision straight by the stored messages' mapper (what the serializer does, without its per-event
 * wrappers: a fifth of the time at a million events), an older one through the serializer and the
 * upcasters. Hands on the plan's own aggregate and its measures; another plan's measures whose ids
 * happen to share the prefix are left out by their {@code MeasureAssigned}. The actor (metadata) is
 * decoded only when asked for: the status at an instant does not show it.
 */
@Component
public class PlanEventReader {

    private final EventStoreAudit audit;
    private final Serializer serializer;
    private final Configuration axon;
    private final ObjectMapper json;
    private final AnnotationRevisionResolver revisions = new AnnotationRevisionResolver();
    /** Per logical type and stored revision: the reader of the current revision, or none (upcast). */
    private final Map<String, java.util.Optional<ObjectReader>> readers = new ConcurrentHashMap<>();

    public PlanEventReader(EventStoreAudit audit, Serializer serializer, Configuration axon,
                           @Qualifier("defaultAxonObjectMapper") ObjectMapper json) {
        this.audit = audit;
        this.serializer = serializer;
        this.axon = axon;
        this.json = json;
    }

    /** The plan's events at or below a position, in global order. */
    public void read(String planId, long position, boolean withActors, Consumer<PlanEvent> consumer) {
        Map<String, Boolean> ofThePlan = new HashMap<>();
        audit.readAggregates(position, RegisterPlan.aggregateIdOf(planId), planId + "-", event -> {
            PlanEvent decoded = decode(event, withActors);
            if (decoded.payload() instanceof MeasureAssigned assigned) {
                ofThePlan.put(decoded.aggregateId(), assigned.planId().equals(planId));
            }
            if (ofThePlan.getOrDefault(decoded.aggregateId(), true)) {
                consumer.accept(decoded);
            }
        });
    }

    private PlanEvent decode(LedgerEvent event, boolean withActors) {
        EventChain.StoredEvent s = event.stored();
        java.util.Optional<ObjectReader> reader = readers.computeIfAbsent(
                s.payloadType() + "#" + s.revision(), key -> currentReader(s.payloadType(), s.revision()));
        try {
            if (reader.isPresent()) {
                Object payload = reader.get().readValue(s.payload());
                JsonNode metadata = withActors ? json.readTree(s.metadata()) : null;
                return new PlanEvent(event.position(), s.eventId(), s.aggregateId(), s.sequence(),
                                     Instant.parse(s.timestamp()), s.payloadType(), payload,
                                     text(metadata, MetadataKeys.ACTOR_ID), text(metadata, MetadataKeys.ACTOR_ROLE),
                                     text(metadata, MetadataKeys.ACTOR_UNIT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stored event " + s.eventId() + " cannot be read", e);
        }
        return upcast(event, withActors);
    }

    /** The mapper's reader for a type stored in its class's current revision; none for another revision. */
    private java.util.Optional<ObjectReader> currentReader(String type, String revision) {
        return MessageTypes.classOf(type)
                           .filter(c -> Objects.equals(revisions.revisionOf(c), revision))
                           .map(json::readerFor);
    }

    /** An older revision: through the serializer and the upcaster chain, as Axon reads it. */
    private PlanEvent upcast(LedgerEvent event, boolean withActors) {
        EventChain.StoredEvent s = event.stored();
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                s.aggregateType(), s.aggregateId(), s.sequence(), s.eventId(), s.timestamp(), s.payloadType(),
                s.revision(), s.payload(), s.metadata());
        DomainEventMessage<?> message = EventStreamUtils.upcastAndDeserializeDomainEvents(
                Stream.of(entry), serializer, axon.upcasterChain()).next();
        return new PlanEvent(event.position(), s.eventId(), s.aggregateId(), s.sequence(), message.getTimestamp(),
                             s.payloadType(), message.getPayload(),
                             withActors ? text(message, MetadataKeys.ACTOR_ID) : null,
                             withActors ? text(message, MetadataKeys.ACTOR_ROLE) : null,
                             withActors ? text(message, MetadataKeys.ACTOR_UNIT) : null);
    }

    private static String text(JsonNode metadata, String key) {
        return metadata == null || !metadata.hasNonNull(key) ? null : metadata.get(key).asText();
    }

    private static String text(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
