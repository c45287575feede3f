package ledger.query.stream;

import ledger.query.audit.HighWaterMark;
import ledger.query.status.MeasureStatusProjection;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The position up to which the status view holds every event that will ever exist: the lowest of
 * its segments' tokens as stored (whichever node runs them). A segment commits its rows and its
 * token in one transaction, so every row changed by an event at or below the frontier is visible
 * once the frontier is read. Segments move on independently: a row may already show an event above
 * the frontier; the stream sends it when the frontier passes that event.
 * <p>
 * A token's gaps are positions its processor has not seen. A gap above the event store's
 * {@link HighWaterMark} may still commit, so the frontier stays below it; a gap at or below the mark
 * is either an event committed since the processor last looked (the frontier waits for it) or a
 * position abandoned by a rolled-back transaction, which the frontier passes: Axon keeps such gaps
 * in the token for thousands of positions, and the stream must not wait for them.
 */
@Component
class StatusViewFrontier {

    static final long NOTHING = -1;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final HighWaterMark highWaterMark;

    StatusViewFrontier(JdbcTemplate jdbc, Serializer serializer, HighWaterMark highWaterMark) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.highWaterMark = highWaterMark;
    }

    long current() {
        List<TrackingToken> segments = jdbc.query(
                "SELECT token, token_type FROM query_view.token_entry WHERE processor_name = ?",
                (rs, n) -> token(rs.getBytes("token"), rs.getString("token_type")),
                MeasureStatusProjection.PROCESSING_GROUP);
        if (segments.isEmpty() || segments.contains(null)) {
            return NOTHING;
        }
        SortedSet<Long> gaps = new TreeSet<>();
        segments.stream().filter(GapAwareTrackingToken.class::isInstance)
                .forEach(token -> gaps.addAll(((GapAwareTrackingToken) token).getGaps()));
        Set<Long> unseen = gaps.isEmpty() ? Set.of() : unseen(gaps);
        return segments.stream().mapToLong(token -> complete(token, unseen)).min().orElse(NOTHING);
    }

    /** The gaps that hold an event now or may hold one later. */
    private Set<Long> unseen(SortedSet<Long> gaps) {
        long mark = highWaterMark.current();
        Set<Long> unseen = new HashSet<>(gaps.tailSet(mark + 1));
        List<Long> settled = List.copyOf(gaps.headSet(mark + 1));
        if (!settled.isEmpty()) {
            unseen.addAll(jdbc.query(connection -> {
                var statement = connection.prepareStatement(
                        "SELECT global_index FROM event_store.domain_event_entry WHERE global_index = ANY (?)");
                statement.setArray(1, connection.createArrayOf("bigint", settled.toArray()));
                return statement;
            }, (rs, n) -> rs.getLong(1)));
        }
        return unseen;
    }

    /** The position up to which a segment has handled every event that will ever exist. */
    private static long complete(TrackingToken token, Set<Long> unseen) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getGaps().stream().filter(unseen::contains).findFirst()
                           .map(gap -> gap - 1).orElse(gapAware.getIndex());
        }
        return token.position().orElse(NOTHING);
    }

    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        return WrappedToken.unwrapLowerBound(
                serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null)));
    }
}
