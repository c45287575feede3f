package ledger.query.bulletin;

import ledger.messages.query.DashboardRow;
import ledger.messages.query.DashboardSummary;
import ledger.messages.query.MeasureView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan as of an instant, in the dashboards' shapes: the summary (as {@code /dashboard/summary}),
 * the lead units' and leaders' rows (as {@code /dashboard/units} and {@code /leaders}), and every
 * measure (as {@code /measures/{id}}, urgency as of that day). {@code position} is the ledger
 * position it was built from.
 */
public record PlanStatus(String planId, String title, Instant asOf, LocalDate day, long position,
                         DashboardSummary summary, List<DashboardRow> units, List<DashboardRow> leaders,
                         List<MeasureView> measures) {

    public static PlanStatus of(PlanSnapshot snapshot) {
        List<MeasureAsOf> measures = snapshot.measures();
        LocalDate day = snapshot.day();
        Map<Integer, List<MeasureAsOf>> sections = new TreeMap<>();
        measures.forEach(m -> sections.computeIfAbsent(m.view().section(), s -> new ArrayList<>()).add(m));
        List<DashboardRow> bySection = new ArrayList<>();
        sections.forEach((section, group) -> {
            String title = group.get(0).view().sectionTitle();
            bySection.add(PlanCounts.row(section + (title == null ? "" : " " + title), group, day));
        });
        DashboardSummary summary = new DashboardSummary(snapshot.planId(), PlanCounts.row("all", measures, day),
                                                        bySection);
        return new PlanStatus(snapshot.planId(), snapshot.plan() == null ? null : snapshot.plan().title(),
                              snapshot.asOf(), day, snapshot.position(), summary,
                              PlanCounts.rows(measures, m -> m.view().leadUnits(), day),
                              PlanCounts.rows(measures, m -> m.view().leaders(), day),
                              measures.stream().map(MeasureAsOf::view).toList());
    }
}
