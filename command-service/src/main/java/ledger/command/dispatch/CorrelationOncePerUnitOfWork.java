package ledger.command.dispatch;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;

/**
 * Axon's CorrelationDataInterceptor, registering the providers once per unit of work: a group
 * commit handles many commands in one unit of work, and Axon's would add the providers again for
 * each, so that every event of the group asked every copy. The providers read the message being
 * handled when an event is made, so once is enough for all of them.
 */
public class CorrelationOncePerUnitOfWork implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String REGISTERED = CorrelationOncePerUnitOfWork.class.getName() + ".registered";

    private final List<CorrelationDataProvider> providers;

    public CorrelationOncePerUnitOfWork(List<CorrelationDataProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        unitOfWork.getOrComputeResource(REGISTERED, key -> {
            providers.forEach(unitOfWork::registerCorrelationDataProvider);
            return Boolean.TRUE;
        });
        return chain.proceed();
    }
}
