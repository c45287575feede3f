package ledger.messages.query;

/** Whether a plan is on the ledger (registered, or with a measure in the views); answered with a Boolean. */
public record IsPlanKnown(String planId) {
}
