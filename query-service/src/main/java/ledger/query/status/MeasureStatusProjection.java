package ledger.query.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.query.FindMeasure;
import ledger.messages.query.MeasureView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The status view ({@code query_view.measure_status}): each event folded into its measure's row
 * by {@link MeasureViewFold}. A row remembers the sequence number of the last event applied, so a
 * redelivered event changes nothing. Events of one measure reach one segment, in order.
 */
@Component
@ProcessingGroup(MeasureStatusProjection.PROCESSING_GROUP)
public class MeasureStatusProjection {

    public static final String PROCESSING_GROUP = "measure-status";

    private final JdbcTemplate jdbc;
    private final MeasureStatusQueries views;
    private final ObjectMapper json;
    private final ZoneId zone;

    public MeasureStatusProjection(JdbcTemplate jdbc, MeasureStatusQueries views,
                                   @Qualifier("defaultAxonObjectMapper") ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.views = views;
        this.json = json;
        this.zone = clock.getZone();
    }

    @EventHandler
    public void on(MeasureEvent event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        MeasureView before = views.handle(new FindMeasure(event.measureId())).orElse(null);
        MeasureView after = MeasureViewFold.apply(before, event, sequence, occurredAt, zone);
        if (after != null && !Objects.equals(before, after)) {
            save(after);
        }
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM query_view.measure_status");
    }

    private void save(MeasureView view) {
        String milestones;
        try {
            milestones = json.writeValueAsString(view.milestones());
        } catch (JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO query_view.measure_status
                        (measure_id, plan_id, section, section_title, number, title, leaders, lead_units, status,
                         percent_complete, due_date, recurrence, escalation_level, version, last_changed_at,
                         assigned_on, milestones, milestones_met, next_milestone_due)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                    ON CONFLICT (measure_id) DO UPDATE SET
                        status = excluded.status, percent_complete = excluded.percent_complete,
                        due_date = excluded.due_date, escalation_level = excluded.escalation_level,
                        version = excluded.version, last_changed_at = excluded.last_changed_at,
                        milestones = excluded.milestones, milestones_met = excluded.milestones_met,
                        next_milestone_due = excluded.next_milestone_due
                    WHERE measure_status.version < excluded.version""");
            statement.setString(1, view.measureId());
            statement.setString(2, view.planId());
            statement.setInt(3, view.section());
            statement.setString(4, view.sectionTitle());
            statement.setInt(5, view.number());
            statement.setString(6, view.title());
            statement.setArray(7, connection.createArrayOf("text", view.leaders().toArray()));
            statement.setArray(8, connection.createArrayOf("text", view.leadUnits().toArray()));
            statement.setString(9, view.status().name());
            statement.setInt(10, view.percentComplete());
            statement.setDate(11, Date.valueOf(view.dueDate()));
            statement.setString(12, view.recurrence() == null ? null : view.recurrence().name());
            statement.setInt(13, view.escalationLevel());
            statement.setLong(14, view.version());
            statement.setObject(15, OffsetDateTime.ofInstant(view.lastChangedAt(), ZoneOffset.UTC));
            statement.setDate(16, Date.valueOf(view.assignedOn()));
            statement.setString(17, milestones);
            statement.setArray(18, connection.createArrayOf("text", view.milestonesMet().toArray()));
            statement.setDate(19, view.nextMilestoneDue() == null ? null : Date.valueOf(view.nextMilestoneDue()));
            return statement;
        });
    }
}
