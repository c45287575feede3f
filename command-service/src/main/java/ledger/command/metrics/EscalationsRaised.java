package ledger.command.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ledger.messages.ActorRole;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.MeasureEscalated;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Counts the escalations this node appended, once their transaction committed:
 * {@code ledger_escalations_raised_total{reason, trigger="deadline|manual"}} (a deadline's
 * escalation is the ledger's own, actor role SYSTEM).
 */
@Component
public class EscalationsRaised implements MessageDispatchInterceptor<EventMessage<?>> {

    private final MeterRegistry registry;

    public EscalationsRaised(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
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
