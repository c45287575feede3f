package ledger.messages.query;

/** Totals for one plan, or for all plans when {@code planId} is null; answered with a {@link DashboardSummary}. */
public record GetDashboardSummary(String planId) {
}
