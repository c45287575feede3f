package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * 提醒: the ledger reminded the lead units (actor "system") that something is due.
 *
 * @param obligation what is due
 * @param item       which one: the milestone's title, the period (such as {@code 2016Q1} or
 *                   {@code 2016}); null for the due date
 * @param dueDate    the last day it may be done on
 * @param leadDays   the plan's lead time this reminder stands for (e.g. 7 or 1 days before);
 *                   a reminder whose time had already come when it was set is sent at once
 */
@Revision("1")
public record MeasureReminded(String measureId, Obligation obligation, String item, LocalDate dueDate,
                              int leadDays) implements MeasureEvent {
}
