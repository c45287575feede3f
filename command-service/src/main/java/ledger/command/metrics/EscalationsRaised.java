package ledger.command.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ledger.messages.ActorRole;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.MeasureEscalated;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Counts the escalations this node appended, once their transaction committed:
 * {@code ledger_escalations_raised_total{reason, trigger="deadline|manual"}} (a deadline's
 * escalation is the ledger's own, actor role SYSTEM).
 */
@Component
public class EscalationsRaised implements SmartInitializingSingleton {

    private final EventStore eventStore;
    private final MeterRegistry registry;

    public EscalationsRaised(EventStore eventStore, MeterRegistry registry) {
        this.eventStore = eventStore;
        this.registry = registry;
    }

    /** On the event store itself: Axon's Spring support gives dispatch interceptor beans to the EventGateway only. */
    @Override
    public void afterSingletonsInstantiated() {
        eventStore.registerDispatchInterceptor(this::counting);
    }

    private BiFunction<Integer, EventMessage<?>, EventMessage<?>> counting(List<? extends EventMessage<?>> messages) {
        return (index, event) -> {
            if (event.getPayload() instanceof MeasureEscalated escalated) {
                String trigger = ActorRole.SYSTEM.name().equals(event.getMetaData().get(MetadataKeys.ACTOR_ROLE))
                        ? "deadline" : "manual";
                Counter counter = Counter.builder("ledger.escalations.raised")
                                         .description("Escalations appended by this node, by reason and trigger")
                                         .tag("reason", String.valueOf(escalated.reason()))
                                         .tag("trigger", trigger).register(registry);
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().afterCommit(unitOfWork -> counter.increment());
                } else {
                    counter.increment();
                }
            }
            return event;
        };
    }
}
