package ledger.command.dispatch;

import ledger.messages.ActorRole;
import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.ResolveEscalation;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.VerifyMeasure;
import ledger.messages.plan.RegisterPlan;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deny by default, for every command handled on this node however it arrived (HTTP or straight
 * over Axon): it must name its actor and carry a role that may send it. A command with no actor,
 * no role, an unknown role, or of a type not listed here is refused before any handler runs. Which
 * unit may act on which measure is then the aggregate's rule ({@code Measure}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ActorRequired implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The roles that may send each command; the table of endpoints in docs/API.md says the same for HTTP. */
    static final Map<Class<?>, Set<ActorRole>> ROLES = Map.of(
            RegisterPlan.class, Set.of(ActorRole.SUPERVISOR),
            AssignMeasure.class, Set.of(ActorRole.SUPERVISOR),
            SubmitImplementationPlan.class, Set.of(ActorRole.UNIT),
            ReportProgress.class, Set.of(ActorRole.UNIT),
            VerifyMeasure.class, Set.of(ActorRole.SUPERVISOR),
            EscalateMeasure.class, Set.of(ActorRole.SUPERVISOR),
            ResolveEscalation.class, Set.of(ActorRole.SUPERVISOR),
            ExtendDueDate.class, Set.of(ActorRole.SUPERVISOR));

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        String type = command.getPayloadType().getSimpleName();
        Object actorId = command.getMetaData().get(MetadataKeys.ACTOR_ID);
        Object role = command.getMetaData().get(MetadataKeys.ACTOR_ROLE);
        if (!(actorId instanceof String id) || id.isBlank()) {
            throw refused(type + " names no actor: every command must carry '" + MetadataKeys.ACTOR_ID
                          + "' and '" + MetadataKeys.ACTOR_ROLE + "' metadata");
        }
        Set<ActorRole> allowed = ROLES.getOrDefault(command.getPayloadType(), Set.of());
        if (!(role instanceof String name) || allowed.stream().noneMatch(r -> r.name().equals(name))) {
            throw refused(type + " by " + id + (role == null ? " carries no role" : " as role " + role)
                          + "; it may be sent only by " + (allowed.isEmpty() ? "no one" : allowed));
        }
        return chain.proceed();
    }

    private static CommandExecutionException refused(String message) {
        return new CommandExecutionException(message, null, new CommandRejection(
                CommandRejection.Kind.FORBIDDEN, message, null, List.of(), null));
    }
}
