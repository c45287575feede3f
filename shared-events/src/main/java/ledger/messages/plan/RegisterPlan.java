package ledger.messages.plan;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * Put a rectification plan on the ledger before its measures.
 *
 * @param deadline     the plan-wide deadline, for measures that state none of their own
 * @param sourceSha256 the SHA-256 of the notice's text as imported, so the source can be checked
 * @param measureCount how many numbered measures the plan has
 */
public record RegisterPlan(@TargetAggregateIdentifier String planId,
                           String title,
                           String issuer,
                           LocalDate issueDate,
                           LocalDate deadline,
                           String sourceSha256,
                           int measureCount) {
}
