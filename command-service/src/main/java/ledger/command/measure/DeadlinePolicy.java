package ledger.command.measure;

import ledger.messages.measure.Recurrence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When a measure's deadlines fall: a due date ends at midnight in the plans' zone, and an
 * escalation left unresolved for {@code reEscalateAfter} goes one level up. Periods are counted
 * from the injected {@code clock}, never from the system's time.
 */
public record DeadlinePolicy(ZoneId zone, Duration reEscalateAfter, Clock clock) {

    /** The instant a period from now ends. */
    public Instant after(Duration period) {
        return clock.instant().plus(period);
    }

    /** How long a recurring measure has for each report. */
    public Duration periodOf(Recurrence recurrence) {
        return switch (recurrence) {
            case MONTHLY -> Duration.ofDays(31);
            case QUARTERLY -> Duration.ofDays(92);
            case SEMIANNUAL -> Duration.ofDays(183);
            case ANNUAL -> Duration.ofDays(366);
        };
    }

    /** The instant a due date has passed: the start of the next day where the plan is. */
    public Instant endOf(LocalDate dueDate) {
        return dueDate.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
