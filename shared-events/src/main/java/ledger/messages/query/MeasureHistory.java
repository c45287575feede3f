package ledger.messages.query;

import java.util.List;

/** The audit trail of one measure, oldest first. */
public record MeasureHistory(String measureId, List<HistoryEntry> events) {
}
