package ledger.command.dispatch;

import ledger.messages.CommandOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/**
 * Idempotency keys and the outcome they produced, in the event store's database. A key is
 * recorded inside the transaction that appends its command's events, so it survives whatever
 * they survive, restarts included.
 */
@Repository
public class IdempotencyStore {

    private final JdbcTemplate jdbc;

    public IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A key already used, with the fingerprint of the request that used it and its outcome. */
    public record StoredOutcome(String requestFingerprint, CommandOutcome outcome) {
    }

    public Optional<StoredOutcome> find(String actorId, String key) {
        return jdbc.query("""
                          SELECT request_fingerprint, measure_id, version FROM event_store.idempotency_key
                          WHERE actor_id = ? AND idempotency_key = ?""",
                          (rs, row) -> new StoredOutcome(rs.getString(1),
                                                         new CommandOutcome(rs.getString(2), rs.getLong(3))),
                          actorId, key)
                   .stream().findFirst();
    }

    /** Must run inside the command's transaction; a second use of the key fails on the primary key. */
    public void record(String actorId, String key, String requestFingerprint, CommandOutcome outcome) {
        jdbc.update("""
                    INSERT INTO event_store.idempotency_key
                        (actor_id, idempotency_key, request_fingerprint, measure_id, version)
                    VALUES (?, ?, ?, ?, ?)""",
                    actorId, key, requestFingerprint, outcome.measureId(), outcome.version());
    }
}
