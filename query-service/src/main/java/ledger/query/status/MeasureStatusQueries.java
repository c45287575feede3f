package ledger.query.status;

import ledger.messages.query.FindMeasure;
import ledger.messages.query.ListMeasures;
import ledger.messages.query.MeasurePage;
import ledger.messages.query.MeasureView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
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

    private final JdbcTemplate jdbc;
    private final StatusRows rows;
    private final Clock clock;

    public MeasureStatusQueries(JdbcTemplate jdbc, StatusRows rows, Clock clock) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.clock = clock;
    }

    @QueryHandler
    public Optional<MeasureView> handle(FindMeasure query) {
        return jdbc.query("SELECT * FROM (" + StatusRows.VIEWS + ") v WHERE measure_id = ?", rows::view,
                          Date.valueOf(LocalDate.now(clock)), rows.blueDays(), query.measureId())
                   .stream().findFirst();
    }

    @QueryHandler
    public MeasurePage handle(ListMeasures query) {
        List<String> conditions = new ArrayList<>();
        List<Object> arguments = new ArrayList<>(List.of(rows.urgencyParameters(LocalDate.now(clock))));
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
        long total = jdbc.queryForObject("SELECT count(*) FROM (" + StatusRows.VIEWS + ") v" + where, Long.class,
                                         arguments.toArray());
        String order = query.sort().stream()
                            .map(s -> SORT_COLUMNS.get(s.field()) + (s.descending() ? " DESC" : " ASC"))
                            .collect(Collectors.joining(", "));
        List<Object> pageArguments = new ArrayList<>(arguments);
        pageArguments.add(query.size());
        pageArguments.add((long) query.page() * query.size());
        List<MeasureView> items = jdbc.query("SELECT * FROM (" + StatusRows.VIEWS + ") v" + where
                                             + " ORDER BY " + order + ", measure_id LIMIT ? OFFSET ?",
                                             rows::view, pageArguments.toArray());
        int totalPages = (int) ((total + query.size() - 1) / query.size());
        return new MeasurePage(items, query.page(), query.size(), total, totalPages);
    }

}
