package ledger.query.bulletin;

import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.plan.RegisterPlan;
import ledger.query.audit.EventStoreAudit;
import ledger.query.audit.EventStoreAudit.Digest;
import ledger.query.audit.EventStoreAudit.LedgerEvent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.stereotype.Component;

import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A plan's events read from the event store through the auditors' read path ({@link EventStoreAudit}),
 * decoded as the services decode them (same serializer, same upcasters). Hands on the plan's own
 * aggregate and its measures, each aggregate's events in sequence; another plan's measures whose ids
 * happen to share the prefix are left out by their {@code MeasureAssigned}.
 */
@Component
public class PlanEventReader {

    private final EventStoreAudit audit;
    private final Serializer serializer;
    private final Configuration axon;

    public PlanEventReader(EventStoreAudit audit, Serializer serializer, Configuration axon) {
        this.audit = audit;
        this.serializer = serializer;
        this.axon = axon;
    }

    /** The plan's events at or below a position, without the rest of the ledger. */
    public void read(String planId, long position, Consumer<PlanEvent> consumer) {
        Filter filter = new Filter(planId, consumer);
        audit.readAggregates(position, RegisterPlan.aggregateIdOf(planId), planId + "-", filter);
    }

    /** The same, in one walk with the digest of the whole ledger at that position. */
    public Digest readWithDigest(String planId, long position, Consumer<PlanEvent> consumer) {
        return audit.digestWhileReading(position, new Filter(planId, consumer));
    }

    /** The plan's events only, decoded: the rest of the ledger is only hashed, never decoded. */
    private final class Filter implements Consumer<LedgerEvent> {

        private final String planAggregate;
        private final String measurePrefix;
        private final String planId;
        private final Consumer<PlanEvent> consumer;
        private String aggregate;
        private boolean ofThePlan;

        Filter(String planId, Consumer<PlanEvent> consumer) {
            this.planId = planId;
            this.planAggregate = RegisterPlan.aggregateIdOf(planId);
            this.measurePrefix = planId + "-";
            this.consumer = consumer;
        }

        @Override
        public void accept(LedgerEvent event) {
            EventChain.StoredEvent stored = event.stored();
            if (!stored.aggregateId().equals(aggregate)) {
                aggregate = stored.aggregateId();
                ofThePlan = aggregate.equals(planAggregate) || aggregate.startsWith(measurePrefix);
            }
            if (!ofThePlan) {
                return;
            }
            PlanEvent decoded = decode(event);
            if (decoded.payload() instanceof MeasureAssigned assigned && !assigned.planId().equals(planId)) {
                ofThePlan = false;   // a measure of another plan whose id shares the prefix
                return;
            }
            consumer.accept(decoded);
        }
    }

    private PlanEvent decode(LedgerEvent event) {
        EventChain.StoredEvent s = event.stored();
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                s.aggregateType(), s.aggregateId(), s.sequence(), s.eventId(), s.timestamp(), s.payloadType(),
                s.revision(), s.payload(), s.metadata());
        DomainEventStream stream = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry), serializer,
                                                                                      upcasters());
        DomainEventMessage<?> message = stream.next();
        return new PlanEvent(event.position(), s.eventId(), s.aggregateId(), s.sequence(), message.getTimestamp(),
                             s.payloadType(), message.getPayload(), text(message, MetadataKeys.ACTOR_ID),
                             text(message, MetadataKeys.ACTOR_ROLE), text(message, MetadataKeys.ACTOR_UNIT));
    }

    private EventUpcaster upcasters() {
        return axon.upcasterChain();
    }

    private static String text(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
