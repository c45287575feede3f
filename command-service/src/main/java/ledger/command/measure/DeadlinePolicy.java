package ledger.command.measure;

import ledger.messages.measure.Recurrence;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When a measure's deadlines fall: a due date ends at midnight in the plans' zone, and an
 * escalation left unresolved for {@code reEscalateAfter} goes one level up.
 */
public record DeadlinePolicy(ZoneId zone, Duration reEscalateAfter) {

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
