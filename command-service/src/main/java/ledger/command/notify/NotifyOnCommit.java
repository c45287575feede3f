package ledger.command.notify;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.function.BiFunction;

/**
 * On the event store: a unit of work that publishes events tells the {@link CommitNotifier} once
 * it has committed (never when it rolled back).
 */
public class NotifyOnCommit implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final String REGISTERED = NotifyOnCommit.class.getName() + ".registered";

    private final CommitNotifier notifier;

    public NotifyOnCommit(CommitNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        CurrentUnitOfWork.ifStarted(this::once);
        return (index, message) -> message;
    }

    private void once(UnitOfWork<?> unitOfWork) {
        UnitOfWork<?> root = unitOfWork.root();
        root.getOrComputeResource(REGISTERED, key -> {
            root.afterCommit(u -> notifier.committed());
            return Boolean.TRUE;
        });
    }
}
