package ledger.messages.query;

import java.util.List;

/**
 * Measures of a plan whose status-view rows changed, each with the global position of the event
 * that last changed it, in that order; every event up to {@code position} is in them.
 * {@code summary} is the plan's summary when it moved (always in a subscription's initial answer),
 * otherwise null. {@code update} numbers the updates of the node that answers, in the order it
 * sent them; an initial answer holds the number of the last update sent before it, so that a
 * subscriber drops the updates its initial answer already covers.
 */
public record PlanChanges(String planId, long position, List<MeasureChange> measures, DashboardSummary summary,
                          long update) {

    public PlanChanges {
        measures = measures == null ? List.of() : List.copyOf(measures);
    }

    /** A measure's row as it now is, and the global position of the event that last changed it. */
    public record MeasureChange(long position, MeasureView measure) {
    }
}
