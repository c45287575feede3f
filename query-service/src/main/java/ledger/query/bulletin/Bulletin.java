package ledger.query.bulletin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A bulletin (通报) on a plan at an instant: the counts, the overdue measures by lead unit, a row
 * per lead unit and per leader, what was verified since the previous bulletin, and the ledger
 * position and digest it was built from. Every measure row names the events behind it; a group
 * row names its measures.
 */
public record Bulletin(String planId, String planTitle, String issuer, Instant asOf, LocalDate day, Instant since,
                       Ledger ledger, Counts counts, List<OverdueGroup> overdue, List<Group> byUnit,
                       List<Group> byLeader, List<Verified> verifiedSince, List<Measure> measures) {

    /**
     * Where the bulletin stands in the ledger: built from the events at or below {@code position}
     * that had happened by {@code asOf}; {@code digest} is the ledger's digest at that position, and
     * {@code verify} the request that checks it.
     */
    public record Ledger(long position, String digest, String verify) {
    }

    /**
     * @param inProgress measures reporting progress (IN_PROGRESS)
     * @param notStarted assigned, or with a plan but no report yet
     */
    public record Counts(long total, long verified, long inProgress, long notStarted, long overdue, long escalated) {
    }

    public record OverdueGroup(String leadUnit, List<Overdue> measures) {
    }

    public record Overdue(String measureId, int number, String title, List<String> leaders, List<String> leadUnits,
                          LocalDate dueDate, long daysOverdue, int escalationLevel, String status,
                          int percentComplete, MeasureAsOf.Report latestReport, List<String> eventIds) {
    }

    /** A lead unit's or a leader's counts, and the numbers of its measures. */
    public record Group(String name, long total, long verified, long inProgress, long notStarted, long overdue,
                        long escalated, List<Integer> measures) {
    }

    public record Verified(String measureId, int number, String title, List<String> leadUnits, List<String> leaders,
                           Instant verifiedAt, String eventId) {
    }

    /** Every measure of the bulletin and the ids of the events it was rebuilt from. */
    public record Measure(String measureId, int number, String title, String status, List<String> eventIds) {
    }
}
