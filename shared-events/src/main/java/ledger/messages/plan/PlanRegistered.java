package ledger.messages.plan;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * A rectification plan was put on the ledger (see {@link RegisterPlan}). Revision 2 adds the
 * plan's reminder lead times ({@code remindDaysBefore}); revision 1 events are read with null
 * (the service's default).
 */
@Revision("2")
public record PlanRegistered(String planId,
                             String title,
                             String issuer,
                             LocalDate issueDate,
                             LocalDate deadline,
                             String sourceSha256,
                             int measureCount,
                             List<Integer> remindDaysBefore) implements PlanEvent {

    public PlanRegistered {
        remindDaysBefore = remindDaysBefore == null ? null : List.copyOf(remindDaysBefore);
    }

    public PlanRegistered(String planId, String title, String issuer, LocalDate issueDate, LocalDate deadline,
                          String sourceSha256, int measureCount) {
        this(planId, title, issuer, issueDate, deadline, sourceSha256, measureCount, null);
    }
}
