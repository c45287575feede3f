package ledger.command.config;

import ledger.command.dispatch.CorrelationOncePerUnitOfWork;
import ledger.command.dispatch.GroupCommitCommandBus;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.MeasureCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local command bus: Axon's own, with group commit for the measure commands (see
 * {@link GroupCommitCommandBus}). Built as Axon's Spring Boot auto-configuration builds its
 * {@code SimpleCommandBus}, which it replaces; with Axon Server it is the local segment that the
 * connector hands the commands routed to this node.
 */
@Configuration
public class CommandBusConfiguration {

    @Bean(destroyMethod = "shutDown")
    @Qualifier("localSegment")
    public GroupCommitCommandBus commandBus(TransactionManager transactionManager,
                                            org.axonframework.config.Configuration axon,
                                            DuplicateCommandHandlerResolver duplicateCommandHandlerResolver,
                                            @Value("${ledger.commands.group-commit.enabled:true}") boolean enabled,
                                            @Value("${ledger.commands.group-commit.lanes:4}") int lanes,
                                            @Value("${ledger.commands.group-commit.max-group:200}") int maxGroup) {
        GroupCommitCommandBus bus = new GroupCommitCommandBus(
                SimpleCommandBus.builder()
                                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus")),
                transactionManager, enabled ? CommandBusConfiguration::measureOf : command -> null, lanes, maxGroup);
        bus.registerHandlerInterceptor(new CorrelationOncePerUnitOfWork(axon.correlationDataProviders()));
        return bus;
    }

    /**
     * Measure commands are grouped, by measure; anything else (a plan, an import's own) is not.
     * With {@code ledger.commands.group-commit.enabled=false} nothing is: each command is handled on
     * its caller's thread in a transaction of its own, as Axon's SimpleCommandBus does.
     */
    private static String measureOf(CommandMessage<?> command) {
        Object payload = command.getPayload();
        if (payload instanceof MeasureCommand measureCommand) {
            return measureCommand.measureId();
        }
        if (payload instanceof AssignMeasure assign) {
            return assign.measureId();
        }
        return null;
    }
}
