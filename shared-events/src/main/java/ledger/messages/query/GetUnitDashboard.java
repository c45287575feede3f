package ledger.messages.query;

/** One row per canonical lead unit; answered with a {@link Dashboard}. */
public record GetUnitDashboard(String planId) {
}
