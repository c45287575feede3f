package ledger.support.observability;

import ledger.messages.MetadataKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

import java.util.Map;

/**
 * Wherever a command is handled (on the HTTP thread, on another node through Axon Server, or
 * sent by a JVM client), its log lines carry the command's correlation id, actor and measure:
 * taken from its metadata and its routing key (the {@code @TargetAggregateIdentifier}), and put
 * back as they were afterwards.
 */
public class CommandLogContext implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final RoutingStrategy routing = AnnotationRoutingStrategy.defaultStrategy();

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Map<String, String> before = MDC.getCopyOfContextMap();
        try {
            put(LogContext.CORRELATION_ID, command.getMetaData().get(MetadataKeys.CORRELATION_ID));
            put(LogContext.ACTOR_ID, command.getMetaData().get(MetadataKeys.ACTOR_ID));
            put(LogContext.ACTOR_ROLE, command.getMetaData().get(MetadataKeys.ACTOR_ROLE));
            put(LogContext.MEASURE_ID, measureOf(command));
            return chain.proceed();
        } finally {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    private String measureOf(CommandMessage<?> command) {
        if (!command.getPayloadType().getPackageName().endsWith(".measure")) {
            return null;   // a plan's commands name their plan, not a measure
        }
        try {
            return routing.getRoutingKey(command);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void put(String key, Object value) {
        if (value != null) {
            LogContext.putIfPresent(key, value.toString());
        }
    }
}
