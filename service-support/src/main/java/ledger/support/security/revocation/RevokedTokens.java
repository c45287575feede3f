package ledger.support.security.revocation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ids ({@code jti}) of revoked tokens, in memory, read again from
 * {@code token_revocation.revoked_token} every poll interval: a token revoked through any node is
 * refused by every node within that interval. The table belongs to query-service (it migrates it
 * and takes the revocations); until it exists nothing was ever revoked. While the database cannot
 * be read, the list read last stays in force.
 */
public final class RevokedTokens implements SmartLifecycle {

    public static final String TABLE = "token_revocation.revoked_token";

    private static final Logger log = LoggerFactory.getLogger(RevokedTokens.class);

    private final JdbcTemplate jdbc;
    private final Duration pollInterval;
    /** Revoked on this node and not yet read back from the table: in force meanwhile. */
    private final Set<String> revokedHere = ConcurrentHashMap.newKeySet();
    private volatile Set<String> revoked = Set.of();
    private volatile boolean failing;
    private ScheduledExecutorService poller;

    public RevokedTokens(JdbcTemplate jdbc, Duration pollInterval) {
        this.jdbc = jdbc;
        this.pollInterval = pollInterval;
    }

    public boolean isRevoked(String tokenId) {
        return tokenId != null && (revoked.contains(tokenId) || revokedHere.contains(tokenId));
    }

    /** A revocation just stored by this node: in force here at once. */
    public void revokedHere(String tokenId) {
        revokedHere.add(tokenId);
    }

    /** Reads the list again; keeps the one it has when the database cannot be read. */
    public void refresh() {
        try {
            Boolean exists = jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, TABLE);
            List<String> ids = Boolean.TRUE.equals(exists)
                    ? jdbc.queryForList("SELECT jti FROM " + TABLE + " WHERE expires_at IS NULL OR expires_at > now()",
                                        String.class)
                    : List.of();
            Set<String> read = new HashSet<>(ids);
            revoked = Set.copyOf(read);
            revokedHere.removeAll(read);
            if (failing) {
                log.info("the revocation list is read again ({} revoked tokens)", read.size());
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("cannot read the revocation list; the one read last stays in force: {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void start() {
        refresh();
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "revoked-tokens");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::refresh, pollInterval.toMillis(), pollInterval.toMillis(),
                                      TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }
}
