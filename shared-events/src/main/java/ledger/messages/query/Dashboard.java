package ledger.messages.query;

import java.util.List;

/** Rows of counts, one per unit or leader, ordered by name. */
public record Dashboard(String planId, List<DashboardRow> rows) {
}
