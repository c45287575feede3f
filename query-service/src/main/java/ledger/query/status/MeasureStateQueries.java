package ledger.query.status;

import ledger.messages.query.GetMeasureState;
import ledger.messages.query.MeasureView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * A measure at an instant, rebuilt from the event store by the same fold as the status view:
 * every event up to and including the instant, nothing after it.
 */
@Component
public class MeasureStateQueries {

    private final EventStore eventStore;

    public MeasureStateQueries(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    public Optional<MeasureView> handle(GetMeasureState query) {
        MeasureView view = null;
        DomainEventStream events = eventStore.readEvents(query.measureId());
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getTimestamp().isAfter(query.asOf())) {
                break;
            }
            view = MeasureViewFold.apply(view, event.getPayload(), event.getSequenceNumber(), event.getTimestamp());
        }
        return Optional.ofNullable(view);
    }
}
