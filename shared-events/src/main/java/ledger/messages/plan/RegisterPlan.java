package ledger.messages.plan;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * Put a rectification plan on the ledger before its measures.
 *
 * @param deadline         the plan-wide deadline, for measures that state none of their own
 * @param sourceSha256     the SHA-256 of the notice's text as imported, so the source can be checked
 * @param measureCount     how many numbered measures the plan has
 * @param remindDaysBefore the plan's reminder lead times in days (e.g. 7 and 1), given to each of its
 *                         measures as they are imported; null: the service's default
 */
public record RegisterPlan(String planId,
                           String title,
                           String issuer,
                           LocalDate issueDate,
                           LocalDate deadline,
                           String sourceSha256,
                           int measureCount,
                           List<Integer> remindDaysBefore) {

    public RegisterPlan {
        remindDaysBefore = remindDaysBefore == null ? null : List.copyOf(remindDaysBefore);
    }

    public RegisterPlan(String planId, String title, String issuer, LocalDate issueDate, LocalDate deadline,
                        String sourceSha256, int measureCount) {
        this(planId, title, issuer, issueDate, deadline, sourceSha256, measureCount, null);
    }

    /** The plan's id in the event store, apart from measure ids (which are plan id and number). */
    public static String aggregateIdOf(String planId) {
        return "plan:" + planId;
    }

    @TargetAggregateIdentifier
    public String aggregateId() {
        return aggregateIdOf(planId);
    }
}
