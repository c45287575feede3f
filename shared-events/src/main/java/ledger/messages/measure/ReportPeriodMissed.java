package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A recurring measure's calendar period ended with fewer reports than it needs (actor "system"),
 * recorded once per period.
 *
 * @param period    the period, such as {@code 2016Q2} (a quarter), {@code 2016H1}, {@code 2016-04}
 *                  or {@code 2016} (a year)
 * @param periodEnd its last day
 * @param required  how many reports it needs (1, or N for "at least N a year")
 * @param reported  how many it had
 */
@Revision("1")
public record ReportPeriodMissed(String measureId, String period, LocalDate periodEnd, int required, int reported)
        implements MeasureEvent {
}
