package ledger.messages.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * Where and how events are stored: the contract between command-service, which appends them,
 * and query-service, which reads them. Both build their Axon configuration from here.
 */
public final class EventStoreFormat {

    /** The PostgreSQL schema of the event store (created by command-service's Flyway migrations). */
    public static final String SCHEMA = "event_store";

    private EventStoreFormat() {
    }

    /** Axon's JDBC event tables, in snake_case. */
    public static EventSchema eventSchema() {
        return EventSchema.builder()
                          .eventTable(SCHEMA + ".domain_event_entry")
                          .snapshotTable(SCHEMA + ".snapshot_event_entry")
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

    /**
     * The JSON mapper of stored messages: ISO dates, and lenient on unknown properties so that an
     * event written by a newer revision can still be read. Strictness belongs to HTTP input, not
     * to history.
     */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                         .build();
    }
}
