package ledger.command.dispatch;

import ledger.messages.CommandRejection;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import static org.axonframework.commandhandling.GenericCommandResultMessage.asCommandResultMessage;

/**
 * Group commit: the measure commands that wait at one moment are decided one by one, in arrival
 * order, and their events are appended in one transaction (one unit of work, one WAL flush).
 * <p>
 * Each command still has its own outcome. A refusal (a {@link CommandExecutionException} that
 * carries a {@link CommandRejection}) appends nothing and fails only its own command. Any other
 * failure, while deciding or at the commit (a lost append race, a duplicate idempotency key, a
 * rule that threw), rolls the whole group back; then each of its commands is decided again on
 * its own, in its own transaction, exactly as {@link SimpleCommandBus} does, so only the
 * culprit fails. A caller is answered only after the transaction that holds its events has
 * committed.
 * <p>
 * Commands are spread over {@code lanes} threads by their routing key (the measure), so that
 * one measure's commands are decided in order by one thread and two lanes never wait for each
 * other's measures. A command sent from inside a unit of work (a handler that sends a command)
 * is handled on the caller's thread, as before: queuing it could wait on itself.
 */
public class GroupCommitCommandBus extends SimpleCommandBus {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);

    private final Function<CommandMessage<?>, String> routingKey;
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors =
            new CopyOnWriteArrayList<>();
    private final org.axonframework.common.transaction.TransactionManager transactionManager;
    private final Lane[] lanes;
    private final int maxGroup;
    private volatile boolean running = true;

    /** One command waiting for its group: the message, its handler and who waits for the answer. */
    private record Waiting(CommandMessage<Object> command, MessageHandler<? super CommandMessage<?>> handler,
                           CommandCallback<Object, Object> callback) {
    }

    public GroupCommitCommandBus(Builder builder,
                                 org.axonframework.common.transaction.TransactionManager transactionManager,
                                 Function<CommandMessage<?>, String> routingKey, int lanes, int maxGroup) {
        super(builder.transactionManager(transactionManager));
        if (lanes < 1 || maxGroup < 1) {
            throw new IllegalArgumentException("lanes and the group size must be at least 1, were " + lanes
                                               + " and " + maxGroup);
        }
        this.transactionManager = transactionManager;
        this.routingKey = routingKey;
        this.maxGroup = maxGroup;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(i);
        }
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        Registration inner = super.registerHandlerInterceptor(handlerInterceptor);
        interceptors.add(handlerInterceptor);
        return () -> {
            interceptors.remove(handlerInterceptor);
            return inner.cancel();
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> callback) {
        String key = routingKey.apply(command);
        if (key == null || !running || CurrentUnitOfWork.isStarted()) {
            super.handle(command, handler, callback);
            return;
        }
        Lane lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        lane.queue.add(new Waiting((CommandMessage<Object>) command, handler,
                                   (CommandCallback<Object, Object>) callback));
    }

    /** Stops taking new groups; what is queued is still decided, each on its own. */
    public void shutDown() {
        running = false;
        for (Lane lane : lanes) {
            lane.thread.interrupt();
        }
    }

    private final class Lane implements Runnable {

        private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
        private final Thread thread;

        Lane(int index) {
            thread = new Thread(this, "group-commit-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            List<Waiting> group = new ArrayList<>(maxGroup);
            while (running || !queue.isEmpty()) {
                try {
                    group.add(queue.take());
                } catch (InterruptedException e) {
                    continue;
                }
                queue.drainTo(group, maxGroup - 1);
                try {
                    if (group.size() == 1) {
                        alone(group.get(0));
                    } else {
                        together(group);
                    }
                } catch (RuntimeException | Error e) {
                    // never lose the lane's thread: whoever still waits gets the failure
                    log.error("group of {} commands failed outside its unit of work", group.size(), e);
                    group.forEach(w -> answerFailure(w, e));
                } finally {
                    group.clear();
                }
            }
        }
    }

    private void alone(Waiting waiting) {
        super.handle(waiting.command(), waiting.handler(), waiting.callback());
    }

    private void together(List<Waiting> group) {
        List<CommandMessage<?>> messages = new ArrayList<>(group.size());
        group.forEach(w -> messages.add(w.command()));
        Object[] results = new Object[group.size()];
        Throwable[] refusals = new Throwable[group.size()];
        int[] next = {0};
        BatchingUnitOfWork<CommandMessage<?>> unitOfWork = new BatchingUnitOfWork<>(messages);
        unitOfWork.attachTransaction(transactionManager);
        var outcome = unitOfWork.executeWithResult(() -> {
            int index = next[0]++;
            try {
                results[index] = new DefaultInterceptorChain<>(unitOfWork, interceptors, group.get(index).handler())
                        .proceed();
                return results[index];
            } catch (Exception | Error e) {
                refusals[index] = e;
                throw e;
            }
        }, GroupCommitCommandBus::failsTheGroup);
        if (unitOfWork.isRolledBack()) {
            Throwable cause = outcome.isExceptional() ? outcome.exceptionResult() : null;
            boolean aRuleFailed = java.util.Arrays.stream(refusals).anyMatch(f -> f != null && failsTheGroup(f));
            if (aRuleFailed || nothingWasWritten(cause)) {
                log.debug("a group of {} commands rolled back ({}); deciding each on its own", group.size(),
                          String.valueOf(cause));
                group.forEach(this::alone);
            } else {
                // e.g. the database went away during the commit: each command would meet the same
                group.forEach(w -> answerFailure(w, cause));
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Waiting waiting = group.get(i);
            if (refusals[i] != null) {
                waiting.callback().onResult(waiting.command(), asCommandResultMessage(refusals[i]));
            } else {
                waiting.callback().onResult(waiting.command(), asCommandResultMessage(results[i]));
            }
        }
    }

    /** Only a refusal of the command itself leaves the others of its group standing. */
    private static boolean failsTheGroup(Throwable failure) {
        return !(failure instanceof CommandExecutionException refused
                 && refused.getDetails().filter(CommandRejection.class::isInstance).isPresent());
    }

    /**
     * A failure of the append itself that one of the group caused and that left nothing written: a
     * measure another node moved on (unique sequence number) or an idempotency key recorded by a
     * concurrent request (unique key). Decided again one by one, only that command meets it.
     */
    private static boolean nothingWasWritten(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof DataIntegrityViolationException) {
                return true;
            }
        }
        return false;
    }

    private static void answerFailure(Waiting waiting, Throwable failure) {
        try {
            waiting.callback().onResult(waiting.command(), asCommandResultMessage(failure));
        } catch (RuntimeException e) {
            log.warn("could not answer a command of a failed group", e);
        }
    }
}
