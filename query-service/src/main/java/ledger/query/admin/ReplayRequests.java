package ledger.query.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.ReplayToken;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays as rows of {@code query_view.projection_replay}, shared by every query-service node: a
 * request from any node is seen by all of them, and its progress is read from any of them.
 */
@Component
public class ReplayRequests {

    /**
     * @param progress per projection, the position the rebuild has reached (JSON object)
     */
    public record Replay(long id, List<String> projections, OffsetDateTime requestedAt, String requestedBy,
                         String state, String node, Long head, Map<String, Long> progress, String error,
                         OffsetDateTime finishedAt) {

        public boolean active() {
            return state.equals("requested") || state.equals("running");
        }
    }

    public static class ReplayInProgressException extends RuntimeException {
        public ReplayInProgressException(Replay running) {
            super(running == null ? "another replay is in progress; wait until it is done"
                    : "replay " + running.id() + " of " + running.projections() + " is " + running.state()
                      + " (asked by " + running.requestedBy() + " at " + running.requestedAt()
                      + "); wait until it is done");
        }
    }

    private static final String COLUMNS = "id, projections, requested_at, requested_by, state, node, head, "
                                          + "progress::text AS progress, error, finished_at";

    private final JdbcTemplate jdbc;

    public ReplayRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new request; refused while another one is requested or running (a unique index decides). */
    public Replay request(List<String> projections, String requestedBy) {
        try {
            return jdbc.queryForObject("INSERT INTO query_view.projection_replay (projections, requested_by) "
                                       + "VALUES (?, ?) RETURNING " + COLUMNS, (rs, n) -> replay(rs),
                                       projections.toArray(String[]::new), requestedBy);
        } catch (DuplicateKeyException e) {
            throw new ReplayInProgressException(active().orElse(null));
        }
    }

    /** The replay requested or running, if any. */
    public Optional<Replay> active() {
        return jdbc.query("SELECT " + COLUMNS + " FROM query_view.projection_replay "
                          + "WHERE state IN ('requested', 'running')", (rs, n) -> replay(rs)).stream().findFirst();
    }

    /**
     * Whether the projection's view is being rebuilt: a replay of it asked or running, or a segment
     * of its token still replaying. One query, asked at each read of a view.
     */
    public boolean rebuilding(String projection) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM query_view.projection_replay
                               WHERE state IN ('requested', 'running') AND ? = ANY (projections))
                    OR EXISTS (SELECT 1 FROM query_view.token_entry WHERE processor_name = ? AND token_type = ?)""",
                                                       Boolean.class, projection, projection,
                                                       ReplayToken.class.getName()));
    }

    /** The replay that last concerned the projection: the one running, or the last one finished. */
    public Optional<Replay> latest(String projection) {
        return jdbc.query("SELECT " + COLUMNS + " FROM query_view.projection_replay WHERE ? = ANY (projections) "
                          + "ORDER BY id DESC LIMIT 1", (rs, n) -> replay(rs), projection).stream().findFirst();
    }

    /** This node takes the requested replay on; false if another node did first. */
    public boolean claim(long id, String node) {
        return jdbc.update("UPDATE query_view.projection_replay SET state = 'running', node = ? "
                           + "WHERE id = ? AND state = 'requested'", node, id) == 1;
    }

    public void resetAt(long id, long head) {
        jdbc.update("UPDATE query_view.projection_replay SET head = ? WHERE id = ?", head, id);
    }

    public void progress(long id, String projection, long position) {
        jdbc.update("UPDATE query_view.projection_replay SET progress = progress || jsonb_build_object(?::text, ?) "
                    + "WHERE id = ?", projection, position, id);
    }

    public void done(long id) {
        jdbc.update("UPDATE query_view.projection_replay SET state = 'done', finished_at = now() WHERE id = ?", id);
    }

    public void failed(long id, String error) {
        jdbc.update("UPDATE query_view.projection_replay SET state = 'failed', error = ?, finished_at = now() "
                    + "WHERE id = ?", error, id);
    }

    /**
     * A replay whose node stopped beating for longer than the claim timeout never finishes by itself:
     * it is failed, so that the processors carry on and a new replay may be asked.
     */
    public int failAbandoned(java.time.Duration claimTimeout) {
        return jdbc.update("""
                UPDATE query_view.projection_replay r SET state = 'failed', finished_at = now(),
                       error = 'node ' || r.node || ' stopped while running the replay'
                WHERE r.state = 'running' AND NOT EXISTS (
                    SELECT 1 FROM query_view.query_node n
                    WHERE n.node = r.node AND n.seen_at > now() - make_interval(secs => ?))""",
                           claimTimeout.toMillis() / 1000.0);
    }

    /**
     * A replay that this node's name is running, found by a node that runs none: the process that
     * took it on died, and this one, started again under the same name (host:port), knows it at once.
     */
    public int failAbandonedBy(String node) {
        return jdbc.update("""
                UPDATE query_view.projection_replay SET state = 'failed', finished_at = now(),
                       error = 'node ' || node || ' stopped while running the replay'
                WHERE state = 'running' AND node = ?""", node);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Long> progress(String json) throws SQLException {
        try {
            return JSON.readValue(json, new TypeReference<java.util.TreeMap<String, Long>>() { });
        } catch (java.io.IOException e) {
            throw new SQLException("unreadable replay progress: " + json, e);
        }
    }

    private static Replay replay(ResultSet rs) throws SQLException {
        return new Replay(rs.getLong("id"), Arrays.asList((String[]) rs.getArray("projections").getArray()),
                          rs.getObject("requested_at", OffsetDateTime.class), rs.getString("requested_by"),
                          rs.getString("state"), rs.getString("node"), (Long) rs.getObject("head"),
                          progress(rs.getString("progress")), rs.getString("error"),
                          rs.getObject("finished_at", OffsetDateTime.class));
    }
}
