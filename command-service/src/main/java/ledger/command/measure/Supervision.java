package ledger.command.measure;

import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportPeriodMissed;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the office's chain keeps count of for one measure: its reporting rhythm, its reports, the
 * milestones they named and the periods recorded as missed. A member of the {@link Measure}
 * aggregate, sourced from the same events; the lifecycle's own state stays in the root.
 */
class Supervision {

    private Recurrence recurrence;
    /** With TIMES_PER_YEAR: how many reports each calendar year needs. */
    private int timesPerYear;
    /** Days before each date the lead units are reminded; null: the service's default. */
    private List<Integer> remindDaysBefore;
    /** How many progress reports there have been. */
    private int reports;
    /** Milestones a progress report has named. */
    private final Set<String> milestonesMet = new HashSet<>();
    /** Calendar periods recorded as missed: each is recorded once. */
    private final Set<String> periodsMissed = new HashSet<>();

    @EventSourcingHandler
    void on(MeasureAssigned event) {
        recurrence = event.recurrence();
        timesPerYear = event.timesPerYear() == null ? 0 : event.timesPerYear();
        remindDaysBefore = event.remindDaysBefore();
    }

    @EventSourcingHandler
    void on(ProgressReported event) {
        reports++;
        if (event.milestone() != null) {
            milestonesMet.add(event.milestone());
        }
    }

    @EventSourcingHandler
    void on(ReportPeriodMissed event) {
        periodsMissed.add(event.period());
    }

    int reports() {
        return reports;
    }

    Set<String> milestonesMet() {
        return milestonesMet;
    }

    /** The measure as the chain's rules read it: the root's lifecycle state with this count. */
    SupervisionChain.State state(String measureId, MeasureStatus status, LocalDate dueDate, int escalationLevel,
                                 boolean readyForVerification, List<Milestone> milestones) {
        return new SupervisionChain.State(measureId, status, dueDate, escalationLevel, readyForVerification,
                                          milestones, milestonesMet, recurrence, timesPerYear, remindDaysBefore,
                                          reports, periodsMissed);
    }
}
