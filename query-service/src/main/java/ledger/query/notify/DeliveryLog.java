package ledger.query.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the outbox shows an ADMIN: deliveries with every attempt and its answer, and the dead letters. */
@Component
public class DeliveryLog {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, Instant at, String node, Integer status, String response, String error,
                          long durationMs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(long id, long subscriptionId, String eventId, String eventType, String measureId,
                           long sequence, long position, String state, int attempts, Instant nextAttemptAt,
                           Instant createdAt, Instant deliveredAt, Instant deadAt, Integer lastStatus,
                           String lastError, List<Attempt> log) {
    }

    private final JdbcTemplate jdbc;

    public DeliveryLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A subscription's deliveries, newest first, optionally in one state. */
    public List<Delivery> deliveries(long subscriptionId, String state, int limit) {
        return withAttempts(jdbc.query("SELECT * FROM webhook.delivery WHERE subscription_id = ?"
                                       + " AND (?::text IS NULL OR state = ?) ORDER BY id DESC LIMIT ?",
                                       (rs, n) -> delivery(rs), subscriptionId, state, state, limit));
    }

    /** Dead letters of subscriptions in force, oldest first. */
    public List<Delivery> deadLetters(Long subscriptionId, int limit) {
        return withAttempts(jdbc.query("""
                                       SELECT d.* FROM webhook.delivery d
                                       JOIN webhook.subscription s ON s.id = d.subscription_id AND s.deleted_at IS NULL
                                       WHERE d.state = 'DEAD' AND (?::bigint IS NULL OR d.subscription_id = ?)
                                       ORDER BY d.id LIMIT ?""",
                                       (rs, n) -> delivery(rs), subscriptionId, subscriptionId, limit));
    }

    /** Whether the delivery exists, in any state. */
    public boolean exists(long deliveryId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM webhook.delivery WHERE id = ?)",
                                                       Boolean.class, deliveryId));
    }

    private List<Delivery> withAttempts(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<Long, List<Attempt>> attempts = new LinkedHashMap<>();
        deliveries.forEach(d -> attempts.put(d.id(), new ArrayList<>()));
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT * FROM webhook.delivery_attempt"
                                                        + " WHERE delivery_id = ANY (?) ORDER BY id");
            statement.setArray(1, connection.createArrayOf("bigint", attempts.keySet().toArray()));
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> attempts.get(rs.getLong("delivery_id")).add(
                new Attempt(rs.getInt("attempt"), rs.getTimestamp("attempted_at").toInstant(), rs.getString("node"),
                            (Integer) rs.getObject("status"), rs.getString("response"), rs.getString("error"),
                            rs.getLong("duration_ms"))));
        return deliveries.stream().map(d -> new Delivery(d.id(), d.subscriptionId(), d.eventId(), d.eventType(),
                                                         d.measureId(), d.sequence(), d.position(), d.state(),
                                                         d.attempts(), d.nextAttemptAt(), d.createdAt(),
                                                         d.deliveredAt(), d.deadAt(), d.lastStatus(), d.lastError(),
                                                         attempts.get(d.id()))).toList();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        boolean pending = rs.getString("state").equals("PENDING");
        return new Delivery(rs.getLong("id"), rs.getLong("subscription_id"), rs.getString("event_id"),
                            rs.getString("event_type"), rs.getString("aggregate_id"), rs.getLong("sequence_number"),
                            rs.getLong("global_position"), rs.getString("state"), rs.getInt("attempts"),
                            pending ? instant(rs.getTimestamp("next_attempt_at")) : null,
                            instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("delivered_at")),
                            instant(rs.getTimestamp("dead_at")), (Integer) rs.getObject("last_status"),
                            rs.getString("last_error"), List.of());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
