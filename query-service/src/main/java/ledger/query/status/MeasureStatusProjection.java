package ledger.query.status;

import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Urgency;
import ledger.messages.measure.VerificationRejected;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The status view ({@code query_view.measure_status}). Each row remembers the sequence number of
 * the last event applied to it; an event at or below it has been applied already and changes
 * nothing, so a redelivered event is harmless.
 */
@Component
@ProcessingGroup(MeasureStatusProjection.PROCESSING_GROUP)
public class MeasureStatusProjection {

    public static final String PROCESSING_GROUP = "measure-status";

    private final JdbcTemplate jdbc;

    public MeasureStatusProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(MeasureAssigned event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO query_view.measure_status
                        (measure_id, plan_id, section, section_title, number, title, leaders, lead_units, status,
                         percent_complete, due_date, recurrence, urgency, escalation_level, version, last_changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, ?)
                    ON CONFLICT (measure_id) DO NOTHING""");
            statement.setString(1, event.measureId());
            statement.setString(2, event.planId());
            statement.setInt(3, event.section());
            statement.setString(4, event.sectionTitle());
            statement.setInt(5, event.number());
            statement.setString(6, event.title());
            statement.setArray(7, connection.createArrayOf("text", event.leaders().toArray()));
            statement.setArray(8, connection.createArrayOf("text", event.leadUnits().toArray()));
            statement.setString(9, MeasureStatus.ASSIGNED.name());
            statement.setDate(10, Date.valueOf(event.dueDate()));
            statement.setString(11, event.recurrence() == null ? null : event.recurrence().name());
            statement.setString(12, Urgency.NONE.name());
            statement.setLong(13, sequence);
            statement.setObject(14, OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC));
            return statement;
        });
    }

    @EventHandler
    public void on(ImplementationPlanSubmitted event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        // a resubmitted plan leaves a measure in progress where it is
        advance(event.measureId(), sequence, occurredAt, "status = CASE WHEN status = ? THEN ? ELSE status END",
                MeasureStatus.ASSIGNED.name(), MeasureStatus.PLAN_SUBMITTED.name());
    }

    @EventHandler
    public void on(ProgressReported event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        advance(event.measureId(), sequence, occurredAt, "status = ?, percent_complete = ?",
                MeasureStatus.IN_PROGRESS.name(), event.percentComplete());
    }

    @EventHandler
    public void on(MeasureVerified event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        advance(event.measureId(), sequence, occurredAt, "status = ?", MeasureStatus.VERIFIED.name());
    }

    @EventHandler
    public void on(VerificationRejected event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        advance(event.measureId(), sequence, occurredAt, "status = ?", MeasureStatus.IN_PROGRESS.name());
    }

    @EventHandler
    public void on(MeasureEscalated event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        advance(event.measureId(), sequence, occurredAt, "escalation_level = ?", event.level());
    }

    @EventHandler
    public void on(EscalationResolved event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        advance(event.measureId(), sequence, occurredAt, "escalation_level = 0");
    }

    @EventHandler
    public void on(DueDateExtended event, @SequenceNumber long sequence, @Timestamp Instant occurredAt) {
        advance(event.measureId(), sequence, occurredAt, "due_date = ?", Date.valueOf(event.newDueDate()));
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM query_view.measure_status");
    }

    /** Applies a change only if the event is newer than the last one applied to the row. */
    private void advance(String measureId, long sequence, Instant occurredAt, String assignments, Object... values) {
        List<Object> arguments = new ArrayList<>(List.of(values));
        arguments.add(sequence);
        arguments.add(OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC));
        arguments.add(measureId);
        arguments.add(sequence);
        jdbc.update("UPDATE query_view.measure_status SET " + assignments + ", version = ?, last_changed_at = ?"
                    + " WHERE measure_id = ? AND version < ?", arguments.toArray());
    }
}
