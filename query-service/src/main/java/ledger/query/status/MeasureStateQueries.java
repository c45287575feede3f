package ledger.query.status;

import ledger.messages.measure.Urgency;
import ledger.messages.query.GetMeasureState;
import ledger.messages.query.MeasureView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A measure at an instant, rebuilt from the event store by the same fold as the status view:
 * every event up to and including the instant, nothing after it.
 */
@Component
public class MeasureStateQueries {

    private final EventStore eventStore;
    private final StatusRows views;
    private final ZoneId zone;

    public MeasureStateQueries(EventStore eventStore, StatusRows views, Clock clock) {
        this.eventStore = eventStore;
        this.views = views;
        this.zone = clock.getZone();
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
            view = MeasureViewFold.apply(view, event.getPayload(), event.getSequenceNumber(), event.getTimestamp(),
                                         zone);
        }
        if (view == null) {
            return Optional.empty();
        }
        // urgency as it was on that day
        Urgency urgency = views.urgencyOn(view, query.asOf().atZone(zone).toLocalDate());
        MeasureView v = view;
        return Optional.of(new MeasureView(v.measureId(), v.planId(), v.section(), v.sectionTitle(), v.number(),
                                           v.title(), v.leaders(), v.leadUnits(), v.status(), v.percentComplete(),
                                           v.dueDate(), v.recurrence(), urgency, v.escalationLevel(), v.version(),
                                           v.lastChangedAt(), v.assignedOn(), v.milestones(), v.milestonesMet(),
                                           v.nextMilestoneDue(), v.reminders(), v.urgings(), v.escalations()));
    }
}
