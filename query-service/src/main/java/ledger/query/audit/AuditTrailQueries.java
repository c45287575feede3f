package ledger.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.query.GetMeasureHistory;
import ledger.messages.query.HistoryEntry;
import ledger.messages.query.MeasureHistory;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.time.OffsetDateTime;

/** Answers history queries from {@code query_view.audit_trail}. */
@Component
public class AuditTrailQueries {

    private final JdbcTemplate jdbc;
    private final ObjectMapper storedForm;

    public AuditTrailQueries(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper storedForm) {
        this.jdbc = jdbc;
        this.storedForm = storedForm;
    }

    @QueryHandler
    public MeasureHistory handle(GetMeasureHistory query) {
        var events = jdbc.query("""
                                SELECT * FROM query_view.audit_trail WHERE measure_id = ?
                                ORDER BY sequence_number""",
                                (rs, row) -> new HistoryEntry(
                                        rs.getLong("sequence_number"),
                                        rs.getLong("global_position"),
                                        rs.getString("event_type"),
                                        rs.getString("event_revision"),
                                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                                        new HistoryEntry.ActorView(rs.getString("actor_id"), rs.getString("actor_role"),
                                                                   rs.getString("actor_unit")),
                                        rs.getString("correlation_id"),
                                        json(rs.getString("payload")),
                                        rs.getString("chain_hash")),
                                query.measureId());
        return new MeasureHistory(query.measureId(), events);
    }

    private com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return storedForm.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
