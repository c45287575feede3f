package ledger.query.dashboard;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Urgency;
import ledger.messages.query.Dashboard;
import ledger.messages.query.DashboardRow;
import ledger.messages.query.DashboardSummary;
import ledger.messages.query.GetDashboardSummary;
import ledger.messages.query.GetLeaderDashboard;
import ledger.messages.query.GetUnitDashboard;
import ledger.query.status.MeasureStatusProjection;
import ledger.query.status.StatusRows;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Dashboards as SQL over the status view: one aggregate query per dashboard, grouped by plan,
 * section, lead unit or leader. "Overdue" is judged against today's date in the ledger's zone.
 * <p>
 * An answer is kept until the status view moves on (its processor's token changes) or the day
 * does: dashboards are read far more often than the view changes, and aggregating 10,000 measures
 * takes PostgreSQL tens of milliseconds here, checking the token well under one. The version is
 * the tokens of all the view's segments as stored, read at each request: whichever query-service
 * node moves a segment (several nodes share them), every node's kept answers are outdated.
 */
@Component
public class DashboardQueries {

    /** One FILTER count per status and per urgency, then overdue, escalated and the mean. */
    private static final String COUNTS = Arrays.stream(MeasureStatus.values())
            .map(s -> "count(*) FILTER (WHERE status = '" + s.name() + "') AS status_" + s.name())
            .collect(Collectors.joining(", "))
            + ", " + Arrays.stream(Urgency.values())
            .map(u -> "count(*) FILTER (WHERE urgency = '" + u.name() + "') AS urgency_" + u.name())
            .collect(Collectors.joining(", "))
            + ", count(*) AS total"
            + ", count(*) FILTER (WHERE due_date < ? AND status <> 'VERIFIED') AS overdue"
            + ", count(*) FILTER (WHERE escalation_level > 0) AS escalated"
            + ", coalesce(sum(reminders), 0) AS reminders, coalesce(sum(urgings), 0) AS urgings"
            + ", coalesce(sum(escalations), 0) AS escalations"
            + ", coalesce(avg(percent_complete), 0) AS mean_completion";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final StatusRows views;

    public DashboardQueries(JdbcTemplate jdbc, Clock clock, StatusRows views) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.views = views;
    }

    private static final int MAX_KEPT = 1_000;

    private record Kept(Object query, LocalDate day, String viewVersion) {
    }

    private final Map<Kept, Object> kept = new ConcurrentHashMap<>();

    /** The answer to the query as of today, computed again only if the view or the day has changed. */
    @SuppressWarnings("unchecked")
    private <R> R kept(Object query, Supplier<R> compute) {
        Kept key = new Kept(query, LocalDate.now(clock), viewVersion());
        Object answer = kept.get(key);
        if (answer == null) {
            answer = compute.get();
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            kept.keySet().removeIf(k -> k.query().equals(query));
            kept.put(key, answer);
        }
        return (R) answer;
    }

    /** Where the status view's processor stands: its tokens, as stored. */
    private String viewVersion() {
        return jdbc.queryForObject("""
                SELECT coalesce(string_agg(segment || ':' || encode(token, 'hex'), ',' ORDER BY segment), '')
                FROM query_view.token_entry WHERE processor_name = ?""", String.class,
                                   MeasureStatusProjection.PROCESSING_GROUP);
    }

    @QueryHandler
    public DashboardSummary handle(GetDashboardSummary query) {
        return kept(query, () -> summary(query));
    }

    private DashboardSummary summary(GetDashboardSummary query) {
        DashboardRow totals = rows("'all'", "", "", query.planId()).stream().findFirst().orElseThrow();
        List<DashboardRow> bySection = rows("section || coalesce(' ' || max(section_title), '')", "",
                                            " GROUP BY section ORDER BY section", query.planId());
        return new DashboardSummary(query.planId(), totals, bySection);
    }

    @QueryHandler
    public Dashboard handle(GetUnitDashboard query) {
        return kept(query, () -> new Dashboard(query.planId(), rows("unit", ", unnest(lead_units) AS unit",
                                                                    " GROUP BY unit ORDER BY unit", query.planId())));
    }

    @QueryHandler
    public Dashboard handle(GetLeaderDashboard query) {
        return kept(query, () -> new Dashboard(query.planId(), rows("leader", ", unnest(leaders) AS leader",
                                                                    " GROUP BY leader ORDER BY leader",
                                                                    query.planId())));
    }

    private List<DashboardRow> rows(String name, String join, String grouping, String planId) {
        // urgency as the measure list shows it: the same function, the same day
        String sql = "SELECT " + name + " AS name, " + COUNTS
                     + " FROM (" + StatusRows.VIEWS + ") v" + join
                     + (planId == null ? "" : " WHERE plan_id = ?")
                     + grouping;
        LocalDate day = LocalDate.now(clock);
        List<Object> arguments = new ArrayList<>();
        arguments.add(Date.valueOf(day));   // overdue, in the counts
        arguments.addAll(List.of(views.urgencyParameters(day)));   // urgency, in the rows
        if (planId != null) {
            arguments.add(planId);
        }
        return jdbc.query(sql, (rs, row) -> row(rs), arguments.toArray());
    }

    private static DashboardRow row(ResultSet rs) throws SQLException {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (MeasureStatus status : MeasureStatus.values()) {
            byStatus.put(status.name(), rs.getLong("status_" + status.name()));
        }
        Map<String, Long> byUrgency = new LinkedHashMap<>();
        for (Urgency urgency : Urgency.values()) {
            byUrgency.put(urgency.name(), rs.getLong("urgency_" + urgency.name()));
        }
        return new DashboardRow(rs.getString("name"), rs.getLong("total"), byStatus, byUrgency,
                                rs.getLong("overdue"), rs.getLong("escalated"),
                                Math.round(rs.getDouble("mean_completion") * 10) / 10.0, rs.getLong("reminders"),
                                rs.getLong("urgings"), rs.getLong("escalations"));
    }
}
