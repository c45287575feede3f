package ledger.messages.query;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Urgency;

import java.util.List;

/**
 * A page of status views; every filter is optional (null). Answered with a {@link MeasurePage}.
 *
 * @param sort the order, by default plan and number; see {@link SortField}
 */
public record ListMeasures(MeasureStatus status,
                           String leader,
                           String unit,
                           String planId,
                           Urgency urgency,
                           int page,
                           int size,
                           List<SortOrder> sort) {

    public ListMeasures {
        sort = sort == null || sort.isEmpty()
                ? List.of(new SortOrder(SortField.PLAN_ID, false), new SortOrder(SortField.NUMBER, false))
                : List.copyOf(sort);
    }

    /** The fields a measure list can be sorted by. */
    public enum SortField {
        PLAN_ID, NUMBER, SECTION, DUE_DATE, PERCENT_COMPLETE, ESCALATION_LEVEL, LAST_CHANGED_AT
    }

    public record SortOrder(SortField field, boolean descending) {
    }
}
