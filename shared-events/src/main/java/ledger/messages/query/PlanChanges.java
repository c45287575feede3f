package ledger.messages.query;

import java.util.List;

/**
 * Measures of a plan whose status-view rows changed, each with the global position of the event
 * that last changed it, in that order; every event up to {@code position} is in them.
 * {@code summary} is the plan's summary when it moved (always in a subscription's initial answer),
 * otherwise null.
 */
public record PlanChanges(String planId, long position, List<MeasureChange> measures, DashboardSummary summary) {

    public PlanChanges {
        measures = measures == null ? List.of() : List.copyOf(measures);
    }

    /** A measure's row as it now is, and the global position of the event that last changed it. */
    public record MeasureChange(long position, MeasureView measure) {
    }
}
