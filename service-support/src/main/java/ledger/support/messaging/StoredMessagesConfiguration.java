package ledger.support.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.eventstore.AddedPropertiesUpcaster;
import ledger.messages.eventstore.EventStoreFormat;
import ledger.messages.eventstore.LedgerSerializer;
import ledger.messages.eventstore.ProgressReportedUpcaster;
import ledger.messages.eventstore.StoredTypeNames;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import javax.sql.DataSource;

/**
 * How both services read and write stored messages: the same tables and storage engine, the same
 * serializer with logical type names, the same upcasters. HTTP keeps its own, strict, mapper.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class StoredMessagesConfiguration {

    /** PostgreSQL's SQLSTATE for unique_violation: a second event at the same sequence number. */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Connections for Axon's event store and token store, taken from Spring's transaction binding
     * and given back by it. Axon's default wraps this provider in a
     * {@code UnitOfWorkAwareConnectionProviderWrapper}, which closes the unit of work's connection a
     * second time in its cleanup phase, after Spring's transaction manager has already returned it
     * to the pool on commit: Hikari then clears the statement list of whoever borrowed that
     * physical connection next (a rare "Index -1 out of bounds" in appendEvents under load). Every
     * unit of work here runs in a Spring transaction (Axon's SpringTransactionManager), so Spring
     * alone opens, commits and closes it.
     */
    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    public EventSchema eventSchema() {
        return EventStoreFormat.eventSchema();
    }

    /**
     * Axon's JDBC engine over the event tables: command-service appends through it (a duplicate
     * sequence number is told by PostgreSQL's SQLSTATE 23505), query-service reads. Events are
     * read in batches of {@code ledger.event-store.batch-size} (Axon's default is 100): a rebuild
     * or a long history takes fewer round trips.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer, Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager, EventSchema eventSchema,
                                                 @Value("${ledger.event-store.batch-size:1000}") int batchSize) {
        return JdbcEventStorageEngine.builder()
                                     .batchSize(batchSize)
                                     .snapshotSerializer(serializer)
                                     .eventSerializer(serializer)
                                     .upcasterChain(configuration.upcasterChain())
                                     .snapshotFilter(configuration.snapshotFilter())
                                     .persistenceExceptionResolver(new SQLStateResolver(UNIQUE_VIOLATION))
                                     .connectionProvider(connectionProvider)
                                     .transactionManager(transactionManager)
                                     .schema(eventSchema)
                                     .build();
    }

    /**
     * Every message under its logical name (see MessageTypes), as JSON; a service's own stored
     * payloads (command-service's deadlines) under the names its {@link StoredTypeNames} bean gives.
     */
    @Bean
    @Primary
    public Serializer serializer(ObjectProvider<StoredTypeNames> serviceTypes) {
        return LedgerSerializer.create(serviceTypes.getIfAvailable(StoredTypeNames::none));
    }

    @Bean
    public EventUpcaster progressReportedUpcaster() {
        return new ProgressReportedUpcaster();
    }

    @Bean
    public EventUpcaster addedPropertiesUpcaster() {
        return new AddedPropertiesUpcaster();
    }

    /** The mapper for stored messages (see EventStoreFormat). */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return EventStoreFormat.objectMapper();
    }

    /** The HTTP mapper, configured by the {@code spring.jackson} properties. */
    @Bean
    @Primary
    public ObjectMapper objectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.build();
    }
}
