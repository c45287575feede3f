package ledger.support.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.eventstore.EventStoreFormat;
import ledger.messages.eventstore.LedgerSerializer;
import ledger.messages.eventstore.ProgressReportedUpcaster;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * How both services read and write stored messages: the same tables, the same serializer with
 * logical type names, the same upcasters. HTTP keeps its own, strict, mapper.
 */
@Configuration(proxyBeanMethods = false)
public class StoredMessagesConfiguration {

    @Bean
    public EventSchema eventSchema() {
        return EventStoreFormat.eventSchema();
    }

    /** Every message under its logical name (see MessageTypes), as JSON. */
    @Bean
    @Primary
    public Serializer serializer() {
        return LedgerSerializer.create();
    }

    @Bean
    public EventUpcaster progressReportedUpcaster() {
        return new ProgressReportedUpcaster();
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
