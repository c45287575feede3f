package ledger.query.notify;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one batch of the notification processor's events into outbox rows, in the batch's
 * transaction: first the lead units of measures assigned in it, then one row per (subscription,
 * event) wanted, in the order of the events, so a measure's rows are numbered in its order. An
 * event seen again (a batch retried on another node) is not queued twice.
 */
@Component
public class OutboxWriter {

    /** An event as the processor saw it; {@code leadUnits} only for an assignment. */
    public record Seen(String eventId, String aggregateId, long sequence, List<String> leadUnits) {
    }

    private record Stored(long position, String type) {
    }

    private record Row(long subscription, Seen event, Stored stored) {
    }

    private final JdbcTemplate jdbc;
    private final Subscriptions subscriptions;

    public OutboxWriter(JdbcTemplate jdbc, Subscriptions subscriptions) {
        this.jdbc = jdbc;
        this.subscriptions = subscriptions;
    }

    public void write(List<Seen> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, List<String>> units = new HashMap<>();
        List<Seen> assigned = batch.stream().filter(seen -> seen.leadUnits() != null).toList();
        assigned.forEach(seen -> units.put(seen.aggregateId(), seen.leadUnits()));
        rememberLeadUnits(assigned);

        List<Subscription> active = subscriptions.active();
        if (active.isEmpty()) {
            return;
        }
        Map<String, Stored> stored = stored(batch);
        List<String> unknown = batch.stream().map(Seen::aggregateId).filter(id -> !units.containsKey(id))
                                    .distinct().toList();
        units.putAll(leadUnits(unknown));
        List<Row> rows = new ArrayList<>();
        for (Seen seen : batch) {
            Stored event = stored.get(seen.eventId());
            if (event == null) {
                throw new IllegalStateException("event " + seen.eventId() + " is not in the event store");
            }
            List<String> measureUnits = units.getOrDefault(seen.aggregateId(), List.of());
            for (Subscription subscription : active) {
                if (subscription.wants(event.type(), event.position(), measureUnits)) {
                    rows.add(new Row(subscription.id(), seen, event));
                }
            }
        }
        jdbc.batchUpdate("""
                         INSERT INTO webhook.delivery
                             (subscription_id, event_id, event_type, global_position, aggregate_id, sequence_number)
                         VALUES (?, ?, ?, ?, ?, ?)
                         ON CONFLICT (subscription_id, event_id) DO NOTHING""", rows, rows.size(), (statement, row) -> {
            statement.setLong(1, row.subscription());
            statement.setString(2, row.event().eventId());
            statement.setString(3, row.stored().type());
            statement.setLong(4, row.stored().position());
            statement.setString(5, row.event().aggregateId());
            statement.setLong(6, row.event().sequence());
        });
    }

    private void rememberLeadUnits(List<Seen> assigned) {
        jdbc.batchUpdate("""
                         INSERT INTO webhook.measure_lead_units (aggregate_id, lead_units) VALUES (?, ?)
                         ON CONFLICT (aggregate_id) DO UPDATE SET lead_units = EXCLUDED.lead_units""",
                         assigned, assigned.size(), (statement, seen) -> {
                             statement.setString(1, seen.aggregateId());
                             statement.setArray(2, statement.getConnection()
                                                            .createArrayOf("text", seen.leadUnits().toArray()));
                         });
    }

    /** Each event's global position and type name as stored, which the audit feed shows. */
    private Map<String, Stored> stored(List<Seen> batch) {
        Map<String, Stored> stored = new HashMap<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT event_identifier, global_index, payload_type"
                                                        + " FROM event_store.domain_event_entry"
                                                        + " WHERE event_identifier = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", batch.stream().map(Seen::eventId).toArray()));
            return statement;
        }, (RowCallbackHandler) rs -> stored.put(rs.getString(1), new Stored(rs.getLong(2), rs.getString(3))));
        return stored;
    }

    private Map<String, List<String>> leadUnits(List<String> aggregateIds) {
        Map<String, List<String>> units = new HashMap<>();
        if (aggregateIds.isEmpty()) {
            return units;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT aggregate_id, lead_units FROM webhook.measure_lead_units WHERE aggregate_id = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", aggregateIds.toArray()));
            return statement;
        }, (RowCallbackHandler) rs -> units.put(rs.getString(1), Subscriptions.texts(rs.getArray(2))));
        return units;
    }
}
