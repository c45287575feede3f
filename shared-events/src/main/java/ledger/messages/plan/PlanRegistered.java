package ledger.messages.plan;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** A rectification plan was put on the ledger (see {@link RegisterPlan}). */
@Revision("1")
public record PlanRegistered(String planId,
                             String title,
                             String issuer,
                             LocalDate issueDate,
                             LocalDate deadline,
                             String sourceSha256,
                             int measureCount) implements PlanEvent {
}
