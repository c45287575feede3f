package ledger.query.bulletin;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Urgency;
import ledger.messages.query.DashboardRow;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The dashboards' counts ({@link DashboardRow}) over measures as of a day, computed as
 * DashboardQueries computes them over the status view: overdue is past the due date and not
 * verified, escalated is an open escalation, the mean percent rounded to one decimal.
 */
final class PlanCounts {

    private PlanCounts() {
    }

    static DashboardRow row(String name, List<MeasureAsOf> measures, LocalDate day) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (MeasureStatus status : MeasureStatus.values()) {
            byStatus.put(status.name(), measures.stream().filter(m -> m.view().status() == status).count());
        }
        Map<String, Long> byUrgency = new LinkedHashMap<>();
        for (Urgency urgency : Urgency.values()) {
            byUrgency.put(urgency.name(), measures.stream().filter(m -> m.view().urgency() == urgency).count());
        }
        double mean = measures.stream().mapToInt(m -> m.view().percentComplete()).average().orElse(0);
        return new DashboardRow(name, measures.size(), byStatus, byUrgency,
                                measures.stream().filter(m -> m.overdueOn(day)).count(),
                                measures.stream().filter(MeasureAsOf::escalated).count(),
                                Math.round(mean * 10) / 10.0,
                                measures.stream().mapToLong(m -> m.view().reminders()).sum(),
                                measures.stream().mapToLong(m -> m.view().urgings()).sum(),
                                measures.stream().mapToLong(m -> m.view().escalations()).sum());
    }

    /** One row per name the measures carry (a measure with two lead units counts under both), by name. */
    static List<DashboardRow> rows(List<MeasureAsOf> measures, Function<MeasureAsOf, List<String>> names,
                                   LocalDate day) {
        Map<String, List<MeasureAsOf>> groups = groups(measures, names);
        List<DashboardRow> rows = new ArrayList<>();
        groups.forEach((name, group) -> rows.add(row(name, group, day)));
        return rows;
    }

    static Map<String, List<MeasureAsOf>> groups(List<MeasureAsOf> measures,
                                                 Function<MeasureAsOf, List<String>> names) {
        Map<String, List<MeasureAsOf>> groups = new TreeMap<>();
        for (MeasureAsOf m : measures) {
            for (String name : names.apply(m)) {
                groups.computeIfAbsent(name, n -> new ArrayList<>()).add(m);
            }
        }
        return groups;
    }
}
