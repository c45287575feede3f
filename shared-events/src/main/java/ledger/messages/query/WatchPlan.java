package ledger.messages.query;

/**
 * A subscription to a plan's status view: the initial answer is a {@link PlanChanges} with every
 * measure of the plan changed after {@code afterPosition} (none when it is null) and the plan's
 * summary; each update is a {@link PlanChanges} with the measures changed since the one before.
 */
public record WatchPlan(String planId, Long afterPosition) {
}
