package ledger.command.archive;

import ledger.messages.eventstore.EventChain;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The stored event's columns, as the export reads them and the restore writes them. */
final class EventRows {

    static final String COLUMNS = """
            global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
            payload_type, payload_revision, payload, meta_data""";

    private EventRows() {
    }

    static EventChain.StoredEvent stored(ResultSet rs) throws SQLException {
        return new EventChain.StoredEvent(rs.getString("type"), rs.getString("aggregate_identifier"),
                                          rs.getLong("sequence_number"), rs.getString("event_identifier"),
                                          rs.getString("time_stamp"), rs.getString("payload_type"),
                                          rs.getString("payload_revision"), rs.getBytes("payload"),
                                          rs.getBytes("meta_data"));
    }
}
