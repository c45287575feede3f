package ledger.query.notify;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * The senders' side of {@code webhook.delivery}. A sender claims the oldest due row that heads its
 * (subscription, measure) queue, locked {@code FOR UPDATE SKIP LOCKED} in the sender's transaction:
 * no other node or thread can take it, and while it stays {@code PENDING} no later row of the same
 * measure heads a queue, so a measure's events go out one at a time, in order. A row waiting for
 * its retry keeps blocking its measure; a dead one no longer does.
 */
@Component
public class Outbox {

    /** A delivery claimed by this transaction, with what sending it needs. */
    public record Claimed(long id, long subscriptionId, String url, String secret, String eventId, String eventType,
                          long position, int attempts) {
    }

    private final JdbcTemplate jdbc;

    public Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run in a transaction, which holds the row until it records the attempt. */
    public Optional<Claimed> claimNext() {
        return jdbc.query("""
                          SELECT d.id, d.subscription_id, s.url, s.secret, d.event_id, d.event_type,
                                 d.global_position, d.attempts
                          FROM webhook.delivery d JOIN webhook.subscription s ON s.id = d.subscription_id
                          WHERE d.state = 'PENDING' AND d.next_attempt_at <= now() AND s.deleted_at IS NULL
                            AND NOT EXISTS (SELECT 1 FROM webhook.delivery e
                                            WHERE e.subscription_id = d.subscription_id
                                              AND e.aggregate_id = d.aggregate_id
                                              AND e.state = 'PENDING' AND e.id < d.id)
                          ORDER BY d.id
                          LIMIT 1
                          FOR UPDATE OF d SKIP LOCKED""",
                          (rs, n) -> new Claimed(rs.getLong("id"), rs.getLong("subscription_id"), rs.getString("url"),
                                                 rs.getString("secret"), rs.getString("event_id"),
                                                 rs.getString("event_type"), rs.getLong("global_position"),
                                                 rs.getInt("attempts")))
                   .stream().findFirst();
    }

    /** What one attempt got: an HTTP status (and the start of the answer), or the error before one. */
    public record Answer(Integer status, String response, String error, long durationMs) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /**
     * Logs the attempt and moves the row on: delivered; dead after the last allowed attempt; or due
     * again after the back-off (times from the database's clock, which all nodes share).
     */
    public void record(Claimed claimed, Answer answer, String node, int maxAttempts, Backoff backoff) {
        int attempt = claimed.attempts() + 1;
        jdbc.update("""
                    INSERT INTO webhook.delivery_attempt (delivery_id, attempt, node, status, response, error, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", claimed.id(), attempt, node, answer.status(),
                    cut(answer.response()), cut(answer.error()), answer.durationMs());
        if (answer.delivered()) {
            jdbc.update("UPDATE webhook.delivery SET state = 'DELIVERED', attempts = ?, delivered_at = clock_timestamp(),"
                        + " last_status = ?, last_error = NULL WHERE id = ?", attempt, answer.status(), claimed.id());
        } else if (attempt >= maxAttempts) {
            jdbc.update("UPDATE webhook.delivery SET state = 'DEAD', attempts = ?, dead_at = clock_timestamp(),"
                        + " last_status = ?, last_error = ? WHERE id = ?", attempt, answer.status(),
                        cut(answer.error()), claimed.id());
        } else {
            Duration pause = backoff.after(attempt);
            jdbc.update("UPDATE webhook.delivery SET attempts = ?, next_attempt_at = clock_timestamp() + ? * interval"
                        + " '1 millisecond', last_status = ?, last_error = ? WHERE id = ?", attempt, pause.toMillis(),
                        answer.status(), cut(answer.error()), claimed.id());
        }
    }

    /**
     * Sends a dead letter again: pending, due now, its attempts counted afresh. It goes out before
     * any later event of its measure that is still pending. False when there is no such dead letter.
     */
    public boolean resend(long deliveryId) {
        return jdbc.update("UPDATE webhook.delivery SET state = 'PENDING', attempts = 0, next_attempt_at = now(),"
                           + " dead_at = NULL WHERE id = ? AND state = 'DEAD'", deliveryId) == 1;
    }

    private static String cut(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
