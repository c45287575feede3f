package ledger.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.command.measure.Measure;
import ledger.command.plan.Plan;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventStoreFormat;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Axon on PostgreSQL through the JDBC storage engine: snake_case tables created by Flyway,
 * Jackson for every serializer, the actor and the request's keys copied onto every event.
 */
@Configuration
public class AxonConfiguration {

    /** PostgreSQL's SQLSTATE for unique_violation: a second event at the same sequence number. */
    private static final String UNIQUE_VIOLATION = "23505";

    @Bean
    public EventSchema eventSchema() {
        return EventStoreFormat.eventSchema();
    }

    /** The PostgreSQL driver reports duplicates by SQLSTATE, not by exception class. */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    /** The mapper for stored messages (see EventStoreFormat). */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return EventStoreFormat.objectMapper();
    }

    /** The HTTP mapper, configured by the {@code spring.jackson} properties (strict input). */
    @Bean
    @Primary
    public ObjectMapper objectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.build();
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

    /** Registered here rather than with Axon's Spring stereotype, so the aggregates stay free of Spring. */
    @Bean
    public ConfigurerModule aggregates() {
        return configurer -> configurer.configureAggregate(Measure.class)
                                       .configureAggregate(Plan.class);
    }
}
