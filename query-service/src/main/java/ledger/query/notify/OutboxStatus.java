package ledger.query.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import ledger.query.admin.QueryNodes;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How far the outbox is: the {@code webhook-outbox} processor's position and claims over every node
 * (it is no projection, so {@code /api/v1/admin/projections} leaves it out), this node's error if
 * its batch fails, and the deliveries by state.
 */
@Component
public class OutboxStatus {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String processor, long position, long head, long lag, List<QueryNodes.Claim> claims,
                         String error, Map<String, Long> deliveries) {
    }

    private final JdbcTemplate jdbc;
    private final QueryNodes nodes;
    private final EventProcessingConfiguration processing;

    public OutboxStatus(JdbcTemplate jdbc, QueryNodes nodes, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.nodes = nodes;
        this.processing = processing;
    }

    public Status status() {
        List<QueryNodes.Claim> claims = nodes.claims(OutboxProcessor.PROCESSING_GROUP);
        long position = claims.stream().map(QueryNodes.Claim::position).mapToLong(p -> p == null ? 0 : p).min()
                              .orElse(0);
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry",
                                        Long.class);
        long top = head == null ? 0 : head;
        String error = processing.eventProcessor(OutboxProcessor.PROCESSING_GROUP, StreamingEventProcessor.class)
                                 .map(p -> p.processingStatus().values().stream()
                                            .filter(EventTrackerStatus::isErrorState)
                                            .map(s -> String.valueOf(s.getError()))
                                            .collect(Collectors.joining("; ")))
                                 .filter(text -> !text.isEmpty()).orElse(null);
        Map<String, Long> deliveries = new java.util.TreeMap<>();
        jdbc.query("SELECT state, count(*) FROM webhook.delivery GROUP BY state",
                   (org.springframework.jdbc.core.RowCallbackHandler) rs -> deliveries.put(rs.getString(1), rs.getLong(2)));
        return new Status(OutboxProcessor.PROCESSING_GROUP, position, top, Math.max(0, top - position), claims, error,
                          deliveries);
    }
}
