package ledger.query.bulletin;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.query.MeasureView;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A measure as it stood at an instant, with what a bulletin or register says of it besides its
 * status view: its latest progress report, when it was verified, and the ids of every event it
 * was rebuilt from (the events behind its row).
 */
public record MeasureAsOf(MeasureView view, Report latestReport, Instant verifiedAt, String verifiedEventId,
                          List<String> eventIds) {

    /** A progress report, with the event that carries it. */
    public record Report(int percentComplete, String summary, Instant at, String eventId) {
    }

    public MeasureAsOf {
        eventIds = List.copyOf(eventIds);
    }

    /** Past its due date on {@code day} and not verified. */
    public boolean overdueOn(LocalDate day) {
        return view.status() != MeasureStatus.VERIFIED && view.dueDate() != null && view.dueDate().isBefore(day);
    }

    /** Whole days past the due date on {@code day}; 0 when not overdue. */
    public long daysOverdueOn(LocalDate day) {
        return overdueOn(day) ? ChronoUnit.DAYS.between(view.dueDate(), day) : 0;
    }

    public boolean escalated() {
        return view.escalationLevel() > 0;
    }
}
