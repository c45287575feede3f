package ledger.command.measure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * When a measure's deadlines fall, and the office's settings for its chain: a due date ends at
 * midnight in the plans' zone; reminders go out {@code remindDaysBefore} days before a date (unless
 * the plan says otherwise); a date passed unreported is urged (催办), and escalated (督办) when
 * nothing came {@code escalateAfterUrging} later; a rejected verification expects a new report
 * within {@code reportAfterRejection}; an escalation left unresolved for {@code reEscalateAfter}
 * goes one level up, up to the office's {@code escalationLevels}. Times are taken from the
 * injected {@code clock}, never from the system's time.
 */
public record DeadlinePolicy(ZoneId zone, Duration reEscalateAfter, Clock clock, List<Integer> remindDaysBefore,
                             Duration escalateAfterUrging, Duration reportAfterRejection, int escalationLevels) {

    public DeadlinePolicy {
        remindDaysBefore = List.copyOf(remindDaysBefore);
        if (remindDaysBefore.stream().anyMatch(days -> days < 1 || days > 366)) {
            // refused at start rather than, as a measure's own lead times are, per command
            throw new IllegalArgumentException("remind-days-before takes lead times of 1..366 days, was "
                                               + remindDaysBefore);
        }
    }

    /** The office's usual settings: reminders 7 and 1 days before, a week for urging, two for a new report, 3 levels. */
    public DeadlinePolicy(ZoneId zone, Duration reEscalateAfter, Clock clock) {
        this(zone, reEscalateAfter, clock, List.of(7, 1), Duration.ofDays(7), Duration.ofDays(14), 3);
    }

    /** The instant a period from now ends. */
    public Instant after(Duration period) {
        return clock.instant().plus(period);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Today where the plan is. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The instant a due date has passed: the start of the next day where the plan is. */
    public Instant endOf(LocalDate dueDate) {
        return dueDate.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The instant a day begins where the plan is. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }
}
