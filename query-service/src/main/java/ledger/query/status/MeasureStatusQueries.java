package ledger.query.status;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.Urgency;
import ledger.messages.query.FindMeasure;
import ledger.messages.query.ListMeasures;
import ledger.messages.query.MeasurePage;
import ledger.messages.query.MeasureView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Answers status-view queries from {@code query_view.measure_status}. */
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

    private static final RowMapper<MeasureView> VIEW = MeasureStatusQueries::view;

    private final JdbcTemplate jdbc;

    public MeasureStatusQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public Optional<MeasureView> handle(FindMeasure query) {
        return jdbc.query("SELECT * FROM query_view.measure_status WHERE measure_id = ?", VIEW, query.measureId())
                   .stream().findFirst();
    }

    @QueryHandler
    public MeasurePage handle(ListMeasures query) {
        List<String> conditions = new ArrayList<>();
        List<Object> arguments = new ArrayList<>();
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
        long total = jdbc.queryForObject("SELECT count(*) FROM query_view.measure_status" + where, Long.class,
                                         arguments.toArray());
        String order = query.sort().stream()
                            .map(s -> SORT_COLUMNS.get(s.field()) + (s.descending() ? " DESC" : " ASC"))
                            .collect(Collectors.joining(", "));
        List<Object> pageArguments = new ArrayList<>(arguments);
        pageArguments.add(query.size());
        pageArguments.add((long) query.page() * query.size());
        List<MeasureView> items = jdbc.query("SELECT * FROM query_view.measure_status" + where
                                             + " ORDER BY " + order + ", measure_id LIMIT ? OFFSET ?",
                                             VIEW, pageArguments.toArray());
        int totalPages = (int) ((total + query.size() - 1) / query.size());
        return new MeasurePage(items, query.page(), query.size(), total, totalPages);
    }

    private static MeasureView view(ResultSet rs, int row) throws SQLException {
        String recurrence = rs.getString("recurrence");
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
                               rs.getObject("last_changed_at", OffsetDateTime.class).toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
