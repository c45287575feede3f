package ledger.query.status;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.Urgency;
import ledger.messages.query.FindMeasure;
import ledger.messages.query.ListMeasures;
import ledger.messages.query.MeasurePage;
import ledger.messages.query.MeasureView;
import ledger.messages.query.PlanChanges.MeasureChange;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.measure.Milestone;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Answers status-view queries from {@code query_view.measure_status}, urgency as of today. */
@Component
public class MeasureStatusQueries {

    private static final Map<ListMeasures.SortField, String> SORT_COLUMNS = new EnumMap<>(Map.of(
            ListMeasures.SortField.PLAN_ID, "plan_id",
            ListMeasures.SortField.NUMBER, "number",
            ListMeasures.SortField.SECTION, "section",
            ListMeasures.SortField.DUE_DATE, "due_date",
            ListMeasures.SortField.PERCENT_COMPLETE, "percent_complete",
            ListMeasures.SortField.ESCALATION_LEVEL, "escalation_level",
            ListMeasures.SortField.LAST_CHANGED_AT, "last_changed_at"));

    /** The view's rows with their urgency as of a day (see V5__urgency.sql). */
    public static final String VIEWS = "SELECT *, query_view.urgency(status, due_date, percent_complete, assigned_on,"
                                + " next_milestone_due, ?, ?) AS urgency FROM query_view.measure_status";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final int blueDays;
    private final RowMapper<MeasureView> view = this::view;

    public MeasureStatusQueries(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
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

    @QueryHandler
    public Optional<MeasureView> handle(FindMeasure query) {
        return jdbc.query("SELECT * FROM (" + VIEWS + ") v WHERE measure_id = ?", view,
                          Date.valueOf(LocalDate.now(clock)), blueDays, query.measureId())
                   .stream().findFirst();
    }

    /** The urgency of a view as of a day, by the same function as every other read. */
    Urgency urgencyOn(MeasureView v, LocalDate day) {
        return Urgency.valueOf(jdbc.queryForObject(
                "SELECT query_view.urgency(?, ?, ?, ?, ?, ?, ?)", String.class, v.status().name(),
                Date.valueOf(v.dueDate()), v.percentComplete(), Date.valueOf(v.assignedOn()),
                v.nextMilestoneDue() == null ? null : Date.valueOf(v.nextMilestoneDue()), Date.valueOf(day), blueDays));
    }

    @QueryHandler
    public MeasurePage handle(ListMeasures query) {
        List<String> conditions = new ArrayList<>();
        List<Object> arguments = new ArrayList<>(List.of(urgencyParameters(LocalDate.now(clock))));
        if (query.status() != null) {
            conditions.add("status = ?");
            arguments.add(query.status().name());
        }
        if (query.urgency() != null) {
            conditions.add("urgency = ?");
            arguments.add(query.urgency().name());
        }
        if (query.planId() != null) {
            conditions.add("plan_id = ?");
            arguments.add(query.planId());
        }
        if (query.leader() != null) {
            conditions.add("leaders @> ARRAY[?]::text[]");
            arguments.add(query.leader());
        }
        if (query.unit() != null) {
            conditions.add("lead_units @> ARRAY[?]::text[]");
            arguments.add(query.unit());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        long total = jdbc.queryForObject("SELECT count(*) FROM (" + VIEWS + ") v" + where, Long.class,
                                         arguments.toArray());
        String order = query.sort().stream()
                            .map(s -> SORT_COLUMNS.get(s.field()) + (s.descending() ? " DESC" : " ASC"))
                            .collect(Collectors.joining(", "));
        List<Object> pageArguments = new ArrayList<>(arguments);
        pageArguments.add(query.size());
        pageArguments.add((long) query.page() * query.size());
        List<MeasureView> items = jdbc.query("SELECT * FROM (" + VIEWS + ") v" + where
                                             + " ORDER BY " + order + ", measure_id LIMIT ? OFFSET ?",
                                             view, pageArguments.toArray());
        int totalPages = (int) ((total + query.size() - 1) / query.size());
        return new MeasurePage(items, query.page(), query.size(), total, totalPages);
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

    private MeasureView view(ResultSet rs, int row) throws SQLException {
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
