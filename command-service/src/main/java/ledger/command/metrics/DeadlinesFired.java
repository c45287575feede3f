package ledger.command.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Counts the deadlines this node fired and handled to the end (their transaction committed):
 * {@code ledger_deadlines_fired_total{deadline}}, by the deadline's name (due date, milestone,
 * re-escalation, missed report).
 */
@Component
public class DeadlinesFired implements SmartInitializingSingleton {

    private final ObjectProvider<DeadlineManager> deadlineManager;
    private final MeterRegistry registry;

    public DeadlinesFired(ObjectProvider<DeadlineManager> deadlineManager, MeterRegistry registry) {
        this.deadlineManager = deadlineManager;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        deadlineManager.ifAvailable(manager -> manager.registerHandlerInterceptor((unitOfWork, chain) -> {
            DeadlineMessage<?> deadline = unitOfWork.getMessage();
            Counter counter = Counter.builder("ledger.deadlines.fired")
                                     .description("Deadlines fired and handled on this node, by name")
                                     .tag("deadline", deadline.getDeadlineName()).register(registry);
            unitOfWork.afterCommit(done -> counter.increment());
            return chain.proceed();
        }));
    }
}
