package ledger.query.status;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.Urgency;
import ledger.messages.query.MeasureView;
import ledger.messages.query.PlanChanges.MeasureChange;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.measure.Milestone;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Arrays;
import java.util.List;

/**
 * The status view's rows as the status feature publishes them to the rest of the service: the
 * urgency function's parameters, the row mapping and the live stream's read of changed rows.
 * Other features read the view through this class or the query gateway, never through the
 * handlers that keep it.
 */
@Component
public class StatusRows {

    /** The view's rows with their urgency as of a day (see V5__urgency.sql). */
    public static final String VIEWS = "SELECT *, query_view.urgency(status, due_date, percent_complete, assigned_on,"
                                + " next_milestone_due, ?, ?) AS urgency FROM query_view.measure_status";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final int blueDays;

    public StatusRows(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                      Clock clock, @Value("${ledger.urgency.blue-days:7}") int blueDays) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.blueDays = blueDays;
    }

    /** Today where the plans are, and the BLUE window: the parameters of {@link #VIEWS}. */
    public Object[] urgencyParameters(LocalDate today) {
        return new Object[]{Date.valueOf(today), blueDays};
    }

    int blueDays() {
        return blueDays;
    }

    /** The urgency of a view as of a day, by the same function as every other read. */
    Urgency urgencyOn(MeasureView v, LocalDate day) {
        return Urgency.valueOf(jdbc.queryForObject(
                "SELECT query_view.urgency(?, ?, ?, ?, ?, ?, ?)", String.class, v.status().name(),
                Date.valueOf(v.dueDate()), v.percentComplete(), Date.valueOf(v.assignedOn()),
                v.nextMilestoneDue() == null ? null : Date.valueOf(v.nextMilestoneDue()), Date.valueOf(day), blueDays));
    }

    /**
     * The rows of the given plans changed by events after {@code after} up to {@code upTo}, as they
     * now are, in the order of the positions that last changed them (the live stream's reads).
     */
    public List<MeasureChange> changed(Collection<String> planIds, long after, long upTo) {
        if (planIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT * FROM (" + VIEWS + ") v WHERE plan_id = ANY (?) AND last_position > ? AND last_position <= ?"
                    + " ORDER BY last_position, measure_id");
            statement.setDate(1, Date.valueOf(LocalDate.now(clock)));
            statement.setInt(2, blueDays);
            statement.setArray(3, connection.createArrayOf("text", planIds.toArray()));
            statement.setLong(4, after);
            statement.setLong(5, upTo);
            return statement;
        }, (rs, row) -> new MeasureChange(rs.getLong("last_position"), view(rs, row)));
    }

    MeasureView view(ResultSet rs, int row) throws SQLException {
        String recurrence = rs.getString("recurrence");
        Date nextMilestone = rs.getDate("next_milestone_due");
        List<Milestone> milestones;
        try {
            milestones = List.of(json.readValue(rs.getString("milestones"), Milestone[].class));
        } catch (JsonProcessingException e) {
            throw new SQLException("milestones of " + rs.getString("measure_id") + " are not JSON", e);
        }
        return new MeasureView(rs.getString("measure_id"),
                               rs.getString("plan_id"),
                               rs.getInt("section"),
                               rs.getString("section_title"),
                               rs.getInt("number"),
                               rs.getString("title"),
                               strings(rs.getArray("leaders")),
                               strings(rs.getArray("lead_units")),
                               MeasureStatus.valueOf(rs.getString("status")),
                               rs.getInt("percent_complete"),
                               rs.getDate("due_date").toLocalDate(),
                               recurrence == null ? null : Recurrence.valueOf(recurrence),
                               Urgency.valueOf(rs.getString("urgency")),
                               rs.getInt("escalation_level"),
                               rs.getLong("version"),
                               rs.getObject("last_changed_at", OffsetDateTime.class).toInstant(),
                               rs.getDate("assigned_on").toLocalDate(),
                               milestones,
                               strings(rs.getArray("milestones_met")),
                               nextMilestone == null ? null : nextMilestone.toLocalDate(),
                               rs.getInt("reminders"),
                               rs.getInt("urgings"),
                               rs.getInt("escalations"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
