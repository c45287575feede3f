package ledger.command.config;

import ledger.command.chain.EventChaining;
import ledger.command.measure.Measure;
import ledger.command.notify.CommitNotifier;
import ledger.command.notify.NotifyOnCommit;
import ledger.command.plan.Plan;
import ledger.messages.MetadataKeys;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Axon on PostgreSQL through the JDBC storage engine (tables and serializer: service-support's
 * StoredMessagesConfiguration), events chained as they are appended, the actor and the request's
 * keys copied onto every event, the other processes told after a commit of events.
 */
@Configuration
public class AxonConfiguration {

    /** The event store, with every appended event put on its aggregate's hash chain. */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                 Serializer serializer, CommitNotifier notifier) {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                                                     .storageEngine(storageEngine)
                                                     .messageMonitor(configuration.messageMonitor(EventStore.class,
                                                                                                  "eventStore"))
                                                     .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                                                     .build();
        store.registerDispatchInterceptor(new EventChaining(serializer, storageEngine));
        store.registerDispatchInterceptor(new NotifyOnCommit(notifier));
        return store;
    }

    /** query-service's views are woken by a notification after events are committed (see CommitNotifier). */
    @Bean
    public CommitNotifier commitNotifier(DataSource dataSource,
                                         @Value("${ledger.event-store.notify-interval:5ms}") Duration interval) {
        return new CommitNotifier(dataSource, interval);
    }

    /**
     * Axon's own origin data, under a key that says what it is: the id of the message that caused
     * this one. "correlationId" is kept for the caller's request id.
     */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(MetadataKeys.CAUSATION_ID, MetadataKeys.TRACE_ID);
    }

    @Bean
    public CorrelationDataProvider actorAndRequestKeys() {
        return new SimpleCorrelationDataProvider(MetadataKeys.ACTOR_ID, MetadataKeys.ACTOR_ROLE,
                                                 MetadataKeys.ACTOR_UNIT, MetadataKeys.CORRELATION_ID,
                                                 MetadataKeys.IDEMPOTENCY_KEY);
    }

    /**
     * Registered here rather than with Axon's Spring stereotype, so the aggregates stay free of
     * Spring. The most recently used measures are cached between commands instead of being rebuilt
     * from their whole history each time; a cached measure that another node has moved on fails its
     * append (unique sequence number), is evicted with the rollback, and the retry reads it afresh.
     */
    @Bean
    public ConfigurerModule aggregates(@Value("${ledger.measure-cache.size:20000}") int cachedMeasures) {
        return configurer -> configurer.configureAggregate(
                                               AggregateConfigurer.defaultConfiguration(Measure.class)
                                                                  .configureCache(c -> new BoundedCache(cachedMeasures)))
                                       .configureAggregate(Plan.class);
    }
}
