package ledger.messages.query;

/** One row per responsible leader; answered with a {@link Dashboard}. */
public record GetLeaderDashboard(String planId) {
}
