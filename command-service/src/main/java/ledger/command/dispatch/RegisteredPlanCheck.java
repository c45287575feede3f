package ledger.command.dispatch;

import ledger.command.measure.CommandRejectedException;
import ledger.messages.CommandRejection;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.plan.RegisterPlan;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A measure belongs to a plan on the ledger: an assignment to a plan id that was never registered
 * (a typo, {@code "9999-99-99"}) is refused before the measure exists. Plans are only ever added,
 * so a plan seen here stays. The import registers its plan before it assigns the measures.
 */
@Component
// after the outcome interceptor (which reports its refusal), before the payload checks, as before they moved out of the aggregate
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class RegisteredPlanCheck implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final EventStore eventStore;

    public RegisteredPlanCheck(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof AssignMeasure assign
            && (assign.planId() == null
                || eventStore.lastSequenceNumberFor(RegisterPlan.aggregateIdOf(assign.planId())).isEmpty())) {
            throw new CommandRejectedException(CommandRejection.invalid(
                    "planId: no plan '" + assign.planId() + "' is on the ledger; import the plan first "
                    + "(POST /api/v1/plans/import), then assign further measures to it"));
        }
        return interceptorChain.proceed();
    }
}
