package ledger.query.admin;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * This query-service node among the others on the same database: its name (the owner of the token
 * segments it claims), its heartbeat, the nodes alive, and who claims which segment of a projection.
 */
@Component
public class QueryNodes {

    /**
     * One segment of a projection's token: who claims it ({@code owner}, null when released),
     * whether that claim still holds (renewed within the claim timeout), and where it stands.
     */
    public record Claim(int segment, String owner, boolean live, Long position, boolean replaying) {
    }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final String id;
    private final Duration claimTimeout;

    public QueryNodes(JdbcTemplate jdbc, Serializer serializer, @Value("${ledger.node-id:}") String configuredId,
                      @Value("${server.port:8080}") int port,
                      @Value("${ledger.projections.claim-timeout:10s}") Duration claimTimeout) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.id = configuredId.isBlank() ? defaultId(port) : configuredId;
        this.claimTimeout = claimTimeout;
    }

    /**
     * A node is its host and the port it serves: started again after a crash, it is the same node and
     * takes its own segments back at once, instead of waiting out the claim timeout of a name that
     * died with it. A port that is already taken means that node is alive (this start will fail to
     * serve), and a port chosen at random (0) names nothing: then the JVM's name (pid@host) made
     * unique, as Axon names nodes.
     */
    static String defaultId(int port) {
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        if (port > 0 && free(port)) {
            return jvm.substring(jvm.indexOf('@') + 1) + ":" + port;
        }
        return jvm + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String id() {
        return id;
    }

    public Duration claimTimeout() {
        return claimTimeout;
    }

    /** This node is alive; nodes silent for longer than the claim timeout no longer count. */
    public void heartbeat() {
        jdbc.update("INSERT INTO query_view.query_node (node, seen_at) VALUES (?, now()) "
                    + "ON CONFLICT (node) DO UPDATE SET seen_at = now()", id);
        jdbc.update("DELETE FROM query_view.query_node WHERE seen_at < now() - interval '1 day'");
    }

    /** This node leaves: the others share its segments out at once. */
    public void leave() {
        jdbc.update("DELETE FROM query_view.query_node WHERE node = ?", id);
    }

    public List<String> alive() {
        return jdbc.queryForList("SELECT node FROM query_view.query_node "
                                 + "WHERE seen_at > now() - make_interval(secs => ?) ORDER BY node", String.class,
                                 seconds());
    }

    /** Every segment of the projection's token, as stored: the claims of every node. */
    public List<Claim> claims(String processor) {
        return jdbc.query("""
                SELECT segment, owner, token, token_type,
                       owner IS NOT NULL AND timestamp::timestamptz > now() - make_interval(secs => ?) AS live
                FROM query_view.token_entry WHERE processor_name = ? ORDER BY segment""", (rs, n) -> {
            TrackingToken token = token(rs.getBytes("token"), rs.getString("token_type"));
            return new Claim(rs.getInt("segment"), rs.getString("owner"), rs.getBoolean("live"),
                             token == null ? null : token.position().stream().boxed().findFirst().orElse(null),
                             token instanceof org.axonframework.eventhandling.ReplayToken);
        }, seconds(), processor);
    }

    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }

    private double seconds() {
        return claimTimeout.toMillis() / 1000.0;
    }
}
