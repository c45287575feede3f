package ledger.messages.query;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.Urgency;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A measure as the status view shows it. {@code version} is the sequence number of the last event
 * applied, the same number the command API answers with. {@code urgency} is as of the day asked
 * about; {@code nextMilestoneDue} is the earliest milestone of the plan not yet reported as met.
 * {@code reminders}, {@code urgings} and {@code escalations} count the office's chain so far: how
 * often the measure was reminded (提醒), urged (催办) and escalated (督办, by hand or by the system).
 */
public record MeasureView(String measureId,
                          String planId,
                          int section,
                          String sectionTitle,
                          int number,
                          String title,
                          List<String> leaders,
                          List<String> leadUnits,
                          MeasureStatus status,
                          int percentComplete,
                          LocalDate dueDate,
                          Recurrence recurrence,
                          Urgency urgency,
                          int escalationLevel,
                          long version,
                          Instant lastChangedAt,
                          LocalDate assignedOn,
                          List<Milestone> milestones,
                          List<String> milestonesMet,
                          LocalDate nextMilestoneDue,
                          int reminders,
                          int urgings,
                          int escalations) {

    public MeasureView {
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        milestonesMet = milestonesMet == null ? List.of() : List.copyOf(milestonesMet);
    }
}
