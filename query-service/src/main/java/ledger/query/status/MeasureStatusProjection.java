package ledger.query.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.query.FindMeasure;
import ledger.messages.query.MeasureView;
import ledger.query.commons.StorableText;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status view ({@code query_view.measure_status}): each event folded into its measure's row
 * by {@link MeasureViewFold}. A row remembers the sequence number of the last event applied, so a
 * redelivered event changes nothing. Events of one measure reach one segment, in order.
 * <p>
 * Rows are written once per batch of events (one upsert per measure the batch changed, sent
 * together in the batch's transaction), and the views just saved are kept to fold the next event
 * of the same measure without reading its row back. Text PostgreSQL cannot hold (NUL) is marked
 * in the row, never in the store (see StorableText).
 */
@Component
@ProcessingGroup(MeasureStatusProjection.PROCESSING_GROUP)
public class MeasureStatusProjection {

    public static final String PROCESSING_GROUP = "measure-status";
    private static final String BATCH = MeasureStatusProjection.class.getName() + ".batch";
    private static final int MAX_REMEMBERED = 100_000;

    private final JdbcTemplate jdbc;
    private final MeasureStatusQueries views;
    private final ObjectMapper json;
    private final ZoneId zone;
    private final StatusViewCommits commits;
    /** The last view saved per measure, so the next event of a measure need not read it back. */
    private final Map<String, MeasureView> recentlySaved = new ConcurrentHashMap<>();

    public MeasureStatusProjection(JdbcTemplate jdbc, MeasureStatusQueries views,
                                   @Qualifier("defaultAxonObjectMapper") ObjectMapper json, Clock clock,
                                   StatusViewCommits commits) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.views = views;
        this.json = json;
        this.zone = clock.getZone();
    }

    @EventHandler
    public void on(MeasureEvent event, @SequenceNumber long sequence, @Timestamp Instant occurredAt,
                   TrackingToken token) {
        Batch batch = currentBatch();
        MeasureView before = batch.changed.containsKey(event.measureId()) ? batch.changed.get(event.measureId()).view()
                : stored(event.measureId(), sequence);
        MeasureView after = MeasureViewFold.apply(before, event, sequence, occurredAt, zone);
        if (after != null && !Objects.equals(before, after)) {
            batch.changed.put(event.measureId(), new Changed(after, positionOf(token), eventIdOf()));
        }
        if (!CurrentUnitOfWork.isStarted()) {
            save(batch.changed.values());
        }
    }

    private static long positionOf(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    /** The id of the event being handled, where a processor's unit of work holds it. */
    private static String eventIdOf() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getMessage() instanceof EventMessage<?> message
                ? message.getIdentifier() : null;
    }

    @ResetHandler
    public void reset() {
        recentlySaved.clear();
        jdbc.update("DELETE FROM query_view.measure_status");
    }

    /** The views changed by the events of one batch, written together when it commits. */
    private static final class Batch {
        final Map<String, Changed> changed = new LinkedHashMap<>();
    }

    /**
     * A view as an event left it, and that event's global position (what the live stream orders
     * by): the tracking token's position, unless the event's id is known, then its own position in
     * the event store (see {@link #positions}).
     */
    private record Changed(MeasureView view, long position, String eventId) {
    }

    private Batch currentBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Batch();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> save(batch.changed.values()));
            unitOfWork.afterCommit(u -> {
                remember(batch.changed.values());
                if (!batch.changed.isEmpty()) {
                    commits.committed();
                }
            });
            return batch;
        });
    }

    /**
     * The measure's view before the event with this sequence number. A view this projection saved
     * itself serves if it is exactly the one before (events of a measure are folded in order, so
     * it equals the stored row); otherwise the stored row is read. A measure's first event has
     * nothing before it.
     */
    private MeasureView stored(String measureId, long sequence) {
        if (sequence == 0) {
            return null;
        }
        MeasureView saved = recentlySaved.get(measureId);
        if (saved != null && saved.version() == sequence - 1) {
            return saved;
        }
        return views.handle(new FindMeasure(measureId)).orElse(null);
    }

    private void remember(Collection<Changed> saved) {
        if (recentlySaved.size() > MAX_REMEMBERED) {
            recentlySaved.clear();
        }
        saved.forEach(changed -> recentlySaved.put(changed.view().measureId(), changed.view()));
    }

    /**
     * The events' own positions, looked up: for an event committed after others with higher
     * positions (it fills a gap), the tracking token holds the highest position seen, not its own,
     * and a rebuild, which reads the events in order, would record another position than the live
     * view did. Events handled without their id (the bulk pass of a rebuild, which reads in order)
     * keep the token's position.
     */
    private Map<String, Long> positions(List<Changed> views) {
        Object[] ids = views.stream().map(Changed::eventId).filter(Objects::nonNull).toArray();
        if (ids.length == 0) {
            return Map.of();
        }
        Map<String, Long> positions = new java.util.HashMap<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT event_identifier, global_index FROM event_store.domain_event_entry WHERE event_identifier = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", ids));
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> positions.put(rs.getString(1), rs.getLong(2)));
        return positions;
    }

    /** One upsert per changed measure, sent as one JDBC batch; a row never goes back to an older version. */
    private void save(Collection<Changed> changed) {
        if (changed.isEmpty()) {
            return;
        }
        List<Changed> views = List.copyOf(changed);
        Map<String, Long> positions = positions(views);
        jdbc.batchUpdate("""
                INSERT INTO query_view.measure_status
                    (measure_id, plan_id, section, section_title, number, title, leaders, lead_units, status,
                     percent_complete, due_date, recurrence, escalation_level, version, last_changed_at,
                     assigned_on, milestones, milestones_met, next_milestone_due, last_position, reminders, urgings,
                     escalations)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (measure_id) DO UPDATE SET
                    status = excluded.status, percent_complete = excluded.percent_complete,
                    due_date = excluded.due_date, escalation_level = excluded.escalation_level,
                    version = excluded.version, last_changed_at = excluded.last_changed_at,
                    milestones = excluded.milestones, milestones_met = excluded.milestones_met,
                    next_milestone_due = excluded.next_milestone_due, last_position = excluded.last_position,
                    reminders = excluded.reminders, urgings = excluded.urgings, escalations = excluded.escalations
                WHERE measure_status.version < excluded.version""", new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                MeasureView view = views.get(i).view();
                Connection connection = statement.getConnection();
                statement.setString(1, StorableText.of(view.measureId()));
                statement.setString(2, StorableText.of(view.planId()));
                statement.setInt(3, view.section());
                statement.setString(4, StorableText.of(view.sectionTitle()));
                statement.setInt(5, view.number());
                statement.setString(6, StorableText.of(view.title()));
                statement.setArray(7, connection.createArrayOf("text", StorableText.of(view.leaders())));
                statement.setArray(8, connection.createArrayOf("text", StorableText.of(view.leadUnits())));
                statement.setString(9, view.status().name());
                statement.setInt(10, view.percentComplete());
                statement.setDate(11, Date.valueOf(view.dueDate()));
                statement.setString(12, view.recurrence() == null ? null : view.recurrence().name());
                statement.setInt(13, view.escalationLevel());
                statement.setLong(14, view.version());
                statement.setObject(15, OffsetDateTime.ofInstant(view.lastChangedAt(), ZoneOffset.UTC));
                statement.setDate(16, Date.valueOf(view.assignedOn()));
                statement.setString(17, StorableText.json(json, view.milestones()));
                statement.setArray(18, connection.createArrayOf("text", StorableText.of(view.milestonesMet())));
                statement.setDate(19, view.nextMilestoneDue() == null ? null : Date.valueOf(view.nextMilestoneDue()));
                Long own = views.get(i).eventId() == null ? null : positions.get(views.get(i).eventId());
                statement.setLong(20, own != null ? own : views.get(i).position());
                statement.setInt(21, view.reminders());
                statement.setInt(22, view.urgings());
                statement.setInt(23, view.escalations());
            }

            @Override
            public int getBatchSize() {
                return views.size();
            }
        });
    }
}
