package ledger.command.dispatch;

import ledger.command.measure.CommandRejectedException;
import ledger.command.measure.Measure;
import ledger.messages.CommandOutcome;
import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.MeasureCommand;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Wraps every command handled on this node:
 * <ul>
 *   <li>answers a measure command with a {@link CommandOutcome} (measure and new version), and
 *       records its idempotency key in the transaction that appends the events;</li>
 *   <li>turns refusals into {@link CommandExecutionException}s whose details are a
 *       {@link CommandRejection}, which is how they cross Axon Server to a remote caller;</li>
 *   <li>never lets a stale cached measure refuse: a refusal that depends on the measure's state
 *       (409, 412) is checked against the event store, and if another node has appended since,
 *       it is turned into a lost race (the rollback evicts the cached copy, and CommandDispatcher
 *       decides again on the stored measure).</li>
 * </ul>
 */
@Component
// inside ActorRequired, around every other check: it turns their refusals into the outcome callers see
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class CommandOutcomeInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Command metadata only: the fingerprint of the request that carried the idempotency key. */
    static final String REQUEST_FINGERPRINT = "requestFingerprint";

    private final IdempotencyStore idempotencyStore;
    private final EventStore eventStore;

    public CommandOutcomeInterceptor(IdempotencyStore idempotencyStore, @Lazy EventStore eventStore) {
        this.idempotencyStore = idempotencyStore;
        this.eventStore = eventStore;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object result;
        try {
            result = interceptorChain.proceed();
        } catch (CommandRejectedException e) {
            if (decidedOnStaleMeasure(command.getPayload(), e.rejection())) {
                throw new ConcurrencyException("measure refused on a cached copy that another node has moved on; "
                                               + "deciding again");
            }
            throw new CommandExecutionException(e.getMessage(), e, e.rejection());
        } catch (AggregateNotFoundException e) {
            throw new CommandExecutionException(e.getMessage(), e, CommandRejection.notFound(
                    "no measure " + e.getAggregateIdentifier()));
        }
        if (!(command.getPayload() instanceof AssignMeasure) && !(command.getPayload() instanceof MeasureCommand)) {
            return result;
        }
        CommandOutcome outcome = outcomeOf(command.getPayload(), result);
        String key = (String) command.getMetaData().get(MetadataKeys.IDEMPOTENCY_KEY);
        if (key != null) {
            String actorId = (String) command.getMetaData().get(MetadataKeys.ACTOR_ID);
            String fingerprint = (String) command.getMetaData().get(REQUEST_FINGERPRINT);
            unitOfWork.onPrepareCommit(u -> idempotencyStore.record(actorId, key, fingerprint, outcome));
        }
        return outcome;
    }

    /** A state-dependent refusal by a measure whose stored history is longer than the copy that refused. */
    private boolean decidedOnStaleMeasure(Object payload, CommandRejection rejection) {
        if (!(payload instanceof MeasureCommand measureCommand) || rejection.currentVersion() == null
            || (rejection.kind() != CommandRejection.Kind.CONFLICT
                && rejection.kind() != CommandRejection.Kind.STALE_VERSION)) {
            return false;
        }
        return eventStore.lastSequenceNumberFor(measureCommand.measureId())
                         .map(stored -> stored > rejection.currentVersion())
                         .orElse(false);
    }

    /** Existing measures answer with their new version (see Measure#beforeEveryCommand). */
    private static CommandOutcome outcomeOf(Object payload, Object result) {
        if (payload instanceof AssignMeasure assign) {
            return new CommandOutcome(assign.measureId(), Measure.FIRST_VERSION);
        }
        if (payload instanceof MeasureCommand measureCommand && result instanceof Long version) {
            return new CommandOutcome(measureCommand.measureId(), version);
        }
        throw new IllegalStateException("no outcome for " + payload.getClass().getName() + " -> " + result);
    }
}
