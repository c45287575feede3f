package ledger.command.chain;

import ledger.messages.eventstore.EventChain;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Puts each event on its aggregate's hash chain (see {@link EventChain}) as it is published, so
 * that it is stored with its hash in the same append.
 * <p>
 * The previous hash comes from an earlier event of the same unit of work, else from a cache of
 * committed chain heads (used only when it holds exactly the previous sequence number), else from
 * the stored previous event.
 */
public class EventChaining implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final String HEADS_IN_UNIT_OF_WORK = EventChaining.class.getName() + ".heads";
    private static final int MAX_CACHED_HEADS = 200_000;

    private final Serializer serializer;
    private final EventStorageEngine storage;
    private final Map<String, Head> committedHeads = new ConcurrentHashMap<>();

    public EventChaining(Serializer serializer, EventStorageEngine storage) {
        this.serializer = serializer;
        this.storage = storage;
    }

    private record Head(long sequence, String hash) {
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> message instanceof DomainEventMessage<?> event ? chained(event) : message;
    }

    private EventMessage<?> chained(DomainEventMessage<?> event) {
        Map<String, Head> unitOfWorkHeads = CurrentUnitOfWork.map(this::headsOf).orElseGet(HashMap::new);
        String previous = previousHash(event, unitOfWorkHeads.get(event.getAggregateIdentifier()));
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metadata = serializer.serialize(event.getMetaData(), byte[].class);
        String hash = EventChain.hash(previous, new EventChain.StoredEvent(
                event.getType(), event.getAggregateIdentifier(), event.getSequenceNumber(), event.getIdentifier(),
                DateTimeUtils.formatInstant(event.getTimestamp()), payload.getType().getName(),
                payload.getType().getRevision(), payload.getData(), metadata.getData()));
        unitOfWorkHeads.put(event.getAggregateIdentifier(), new Head(event.getSequenceNumber(), hash));
        return event.andMetaData(MetaData.with(EventChain.HASH, hash));
    }

    private Map<String, Head> headsOf(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().getOrComputeResource(HEADS_IN_UNIT_OF_WORK, key -> {
            Map<String, Head> heads = new HashMap<>();
            unitOfWork.root().afterCommit(u -> remember(heads));
            return heads;
        });
    }

    private void remember(Map<String, Head> heads) {
        if (committedHeads.size() > MAX_CACHED_HEADS) {
            committedHeads.clear();
        }
        committedHeads.putAll(heads);
    }

    private String previousHash(DomainEventMessage<?> event, Head inThisUnitOfWork) {
        long previousSequence = event.getSequenceNumber() - 1;
        if (previousSequence < 0) {
            return EventChain.GENESIS;
        }
        if (inThisUnitOfWork != null && inThisUnitOfWork.sequence() == previousSequence) {
            return inThisUnitOfWork.hash();
        }
        Head cached = committedHeads.get(event.getAggregateIdentifier());
        if (cached != null && cached.sequence() == previousSequence) {
            return cached.hash();
        }
        Optional<? extends DomainEventMessage<?>> stored =
                storage.readEvents(event.getAggregateIdentifier(), previousSequence).asStream().findFirst();
        return stored.filter(e -> e.getSequenceNumber() == previousSequence)
                     .map(e -> (String) e.getMetaData().get(EventChain.HASH))
                     .orElseThrow(() -> new IllegalStateException(
                             "no event " + previousSequence + " of " + event.getAggregateIdentifier() + " to chain to"));
    }
}
