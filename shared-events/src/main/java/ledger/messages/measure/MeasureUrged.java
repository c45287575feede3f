package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * 催办: a date passed without what was due (actor "system"). If urging does not help within the
 * ledger's time for it, the measure is escalated (督办, {@link MeasureEscalated}).
 *
 * @param obligation what was due
 * @param item       the milestone's title or the period; null for the due date
 * @param dueDate    the day it was due (for a report after a rejection: the day it was expected by)
 */
@Revision("1")
public record MeasureUrged(String measureId, Obligation obligation, String item, LocalDate dueDate)
        implements MeasureEvent {
}
