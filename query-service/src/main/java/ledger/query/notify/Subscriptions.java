package ledger.query.notify;

import ledger.query.audit.HighWaterMark;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The subscriptions in {@code webhook.subscription}: registered, listed, deleted (kept for the log). */
@Component
public class Subscriptions {

    private static final String COLUMNS =
            "id, url, event_types, lead_units, description, from_position, created_at, created_by";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final HighWaterMark highWaterMark;

    public Subscriptions(JdbcTemplate jdbc, HighWaterMark highWaterMark) {
        this.jdbc = jdbc;
        this.highWaterMark = highWaterMark;
    }

    /** A new subscription and its secret, which is shown this once. */
    public record Created(Subscription subscription, String secret) {
    }

    /**
     * Registers a subscription for the events after the audit feed's high-water mark now: every event
     * committed later is sent, none from before, however far the notification processor lags.
     */
    @Transactional
    public Created create(SubscriptionRequest request, String admin) {
        String secret = newSecret();
        long from = highWaterMark.current();
        Long id = jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO webhook.subscription
                        (url, event_types, lead_units, secret, description, from_position, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""");
            statement.setString(1, request.url());
            statement.setArray(2, connection.createArrayOf("text", request.eventTypes().toArray()));
            statement.setArray(3, connection.createArrayOf("text", request.leadUnits().toArray()));
            statement.setString(4, secret);
            statement.setString(5, request.description());
            statement.setLong(6, from);
            statement.setString(7, admin);
            return statement;
        }, rs -> rs.next() ? rs.getLong(1) : null);
        return new Created(find(id).orElseThrow(), secret);
    }

    /** 32 random bytes, URL-safe base64 after a prefix that says what it is (as Stripe's {@code whsec_}). */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Optional<Subscription> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook.subscription WHERE id = ? AND deleted_at IS NULL",
                          (rs, n) -> subscription(rs), id).stream().findFirst();
    }

    /** The subscriptions in force, oldest first. */
    public List<Subscription> active() {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook.subscription WHERE deleted_at IS NULL ORDER BY id",
                          (rs, n) -> subscription(rs));
    }

    /**
     * Ends a subscription: nothing more is queued or sent for it (its pending and dead deliveries are
     * cancelled); the subscription and its delivery log stay readable in the database.
     */
    @Transactional
    public boolean delete(long id, String admin) {
        int deleted = jdbc.update("UPDATE webhook.subscription SET deleted_at = now(), deleted_by = ?"
                                  + " WHERE id = ? AND deleted_at IS NULL", admin, id);
        if (deleted == 0) {
            return false;
        }
        jdbc.update("UPDATE webhook.delivery SET state = 'CANCELLED' WHERE subscription_id = ?"
                    + " AND state IN ('PENDING', 'DEAD')", id);
        return true;
    }

    private static Subscription subscription(ResultSet rs) throws SQLException {
        return new Subscription(rs.getLong("id"), rs.getString("url"), texts(rs.getArray("event_types")),
                                texts(rs.getArray("lead_units")), rs.getString("description"),
                                rs.getLong("from_position"), rs.getTimestamp("created_at").toInstant(),
                                rs.getString("created_by"));
    }

    static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
