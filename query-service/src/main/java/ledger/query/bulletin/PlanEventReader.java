package ledger.query.bulletin;

import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.plan.RegisterPlan;
import ledger.query.audit.EventStoreAudit;
import ledger.query.audit.EventStoreAudit.LedgerEvent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A plan's events read from the event store through the auditors' read path ({@link EventStoreAudit}),
 * in global order, decoded as the services decode them (same serializer, same upcasters), a batch
 * at a time. Hands on the plan's own aggregate and its measures; another plan's measures whose ids
 * happen to share the prefix are left out by their {@code MeasureAssigned}. The actor (metadata) is
 * decoded only when asked for: the status at an instant does not show it.
 */
@Component
public class PlanEventReader {

    private static final int BATCH = 1000;

    private final EventStoreAudit audit;
    private final Serializer serializer;
    private final Configuration axon;

    public PlanEventReader(EventStoreAudit audit, Serializer serializer, Configuration axon) {
        this.audit = audit;
        this.serializer = serializer;
        this.axon = axon;
    }

    /** The plan's events at or below a position, in global order. */
    public void read(String planId, long position, boolean withActors, Consumer<PlanEvent> consumer) {
        Batches batches = new Batches(planId, withActors, consumer);
        audit.readAggregates(position, RegisterPlan.aggregateIdOf(planId), planId + "-", batches);
        batches.flush();
    }

    private final class Batches implements Consumer<LedgerEvent> {

        private final String planId;
        private final boolean withActors;
        private final Consumer<PlanEvent> consumer;
        private final List<LedgerEvent> pending = new ArrayList<>(BATCH);
        /** Measures of another plan whose ids share the prefix: known by their first event. */
        private final Map<String, Boolean> ofThePlan = new HashMap<>();

        Batches(String planId, boolean withActors, Consumer<PlanEvent> consumer) {
            this.planId = planId;
            this.withActors = withActors;
            this.consumer = consumer;
        }

        @Override
        public void accept(LedgerEvent event) {
            pending.add(event);
            if (pending.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<DomainEventData<?>> entries = new ArrayList<>(pending.size());
            for (LedgerEvent event : pending) {
                EventChain.StoredEvent s = event.stored();
                entries.add(new GenericDomainEventEntry<>(s.aggregateType(), s.aggregateId(), s.sequence(),
                                                          s.eventId(), s.timestamp(), s.payloadType(), s.revision(),
                                                          s.payload(), s.metadata()));
            }
            // one pass through the upcasters for the batch; they keep the order and, here, the count
            DomainEventStream messages = EventStreamUtils.upcastAndDeserializeDomainEvents(
                    entries.stream(), serializer, axon.upcasterChain());
            int i = 0;
            while (messages.hasNext()) {
                DomainEventMessage<?> message = messages.next();
                LedgerEvent event = pending.get(i++);
                PlanEvent decoded = decode(event, message);
                if (decoded.payload() instanceof MeasureAssigned assigned) {
                    ofThePlan.put(decoded.aggregateId(), assigned.planId().equals(planId));
                }
                if (ofThePlan.getOrDefault(decoded.aggregateId(), true)) {
                    consumer.accept(decoded);
                }
            }
            pending.clear();
        }

        private PlanEvent decode(LedgerEvent event, DomainEventMessage<?> message) {
            EventChain.StoredEvent s = event.stored();
            return new PlanEvent(event.position(), s.eventId(), s.aggregateId(), s.sequence(),
                                 message.getTimestamp(), s.payloadType(), message.getPayload(),
                                 withActors ? text(message, MetadataKeys.ACTOR_ID) : null,
                                 withActors ? text(message, MetadataKeys.ACTOR_ROLE) : null,
                                 withActors ? text(message, MetadataKeys.ACTOR_UNIT) : null);
        }
    }

    private static String text(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
