package ledger.messages.query;

import java.util.List;

/** The totals of a plan (or all plans), and the same counts per section. */
public record DashboardSummary(String planId, DashboardRow totals, List<DashboardRow> bySection) {
}
