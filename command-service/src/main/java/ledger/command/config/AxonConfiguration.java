package ledger.command.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ledger.command.measure.Measure;
import ledger.messages.MetadataKeys;
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
        return EventSchema.builder()
                          .eventTable("event_store.domain_event_entry")
                          .snapshotTable("event_store.snapshot_event_entry")
                          .globalIndexColumn("global_index")
                          .timestampColumn("time_stamp")
                          .eventIdentifierColumn("event_identifier")
                          .aggregateIdentifierColumn("aggregate_identifier")
                          .sequenceNumberColumn("sequence_number")
                          .typeColumn("type")
                          .payloadTypeColumn("payload_type")
                          .payloadRevisionColumn("payload_revision")
                          .payloadColumn("payload")
                          .metaDataColumn("meta_data")
                          .build();
    }

    /** The PostgreSQL driver reports duplicates by SQLSTATE, not by exception class. */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    /**
     * The mapper for stored messages. Lenient on unknown properties, so that an event written by a
     * newer revision can still be read; strictness belongs to the HTTP input, not to history.
     */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                         .build();
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

    /** Registered here rather than with Axon's Spring stereotype, so the aggregate stays free of Spring. */
    @Bean
    public ConfigurerModule measureAggregate() {
        return configurer -> configurer.configureAggregate(Measure.class);
    }
}
