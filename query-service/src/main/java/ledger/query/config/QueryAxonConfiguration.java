package ledger.query.config;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.EventBusSpanFactory;
import ledger.query.admin.QueryNodes;
import ledger.query.audit.AuditTrailProjection;
import ledger.query.status.MeasureStatusProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Axon reading command-service's event store (see EventStoreFormat); tokens and views live in
 * this service's own schema, {@code query_view}.
 */
@org.springframework.context.annotation.Configuration
public class QueryAxonConfiguration {

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                          .setTokenTable("query_view.token_entry")
                          .setProcessorNameColumn("processor_name")
                          .setSegmentColumn("segment")
                          .setTokenColumn("token")
                          .setTokenTypeColumn("token_type")
                          .setTimestampColumn("timestamp")
                          .setOwnerColumn("owner")
                          .build();
    }

    /**
     * Tokens in {@code query_view}, claimed per segment under this node's name: several nodes share a
     * projection's segments, and a node that stops renewing its claims for the claim timeout (it died)
     * loses them to the others. A token moves on only from where this node left it (CheckedTokenStore).
     */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema schema,
                                 QueryNodes nodes) {
        return new CheckedTokenStore(JdbcTokenStore.builder()
                                                   .connectionProvider(connectionProvider)
                                                   .schema(schema)
                                                   .serializer(serializer)
                                                   .claimTimeout(nodes.claimTimeout())
                                                   .nodeId(nodes.id()), schema, nodes.id());
    }

    /**
     * The views' processors commit without waiting for the WAL (ViewTransactionManager): their rows
     * are derived data that the processor writes again from its token after a crash. The webhooks'
     * outbox is not among them: its rows are deliveries promised to receivers outside, which a sender
     * may POST the moment they are visible, and a replay of its processor is refused.
     */
    @Bean
    public ConfigurerModule viewsCommitWithoutWaitingForTheWal(JdbcTemplate jdbc) {
        return configurer -> VIEW_PROCESSORS.forEach(name -> configurer.eventProcessing().registerTransactionManager(
                name, c -> new ViewTransactionManager(c.getComponent(TransactionManager.class), jdbc)));
    }

    /** The processors that keep views, each named after its processing group. */
    static final List<String> VIEW_PROCESSORS = List.of(MeasureStatusProjection.PROCESSING_GROUP,
                                                        AuditTrailProjection.PROCESSING_GROUP);

    /**
     * Events are appended by another process: its commits wake the event store's reader through
     * PostgreSQL notifications (AppendNotifications); between them the reader polls, and the fetch
     * delay bounds how late a view sees a new event whose notification was missed.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public WakeableEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                         @Value("${ledger.event-store.fetch-delay:500ms}") Duration fetchDelay) {
        return new WakeableEventStore(EmbeddedEventStore.builder()
                                                        .storageEngine(storageEngine)
                                                        .messageMonitor(configuration.messageMonitor(
                                                                EventStore.class, "eventStore"))
                                                        .spanFactory(configuration.getComponent(
                                                                EventBusSpanFactory.class))
                                                        .fetchDelay(fetchDelay.toMillis())
                                                        .timeUnit(TimeUnit.MILLISECONDS));
    }

    @Bean
    public AppendNotifications appendNotifications(DataSource dataSource, WakeableEventStore eventStore,
                                                   @Value("${ledger.event-store.listen-retry:2s}") Duration retry,
                                                   @Value("${ledger.event-store.wake-interval:20ms}") Duration interval) {
        return new AppendNotifications(dataSource, eventStore, retry, interval);
    }

    /**
     * A projection that fails on an event rolls its batch back and retries it, instead of Axon's
     * default of logging and moving on: a view must never silently miss an event.
     */
    @Bean
    public ConfigurerModule failingProjectionsRetry() {
        return configurer -> configurer.eventProcessing()
                                       .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /** "Today" for overdue counts is a date where the plans are (configurable zone). */
    @Bean
    public Clock clock(@Value("${ledger.zone:Asia/Shanghai}") ZoneId zone) {
        return Clock.system(zone);
    }
}
