package ledger.messages.query;

import java.util.List;

/** One page of a measure list, with the totals a client needs to page on. */
public record MeasurePage(List<MeasureView> items, int page, int size, long totalItems, int totalPages) {
}
