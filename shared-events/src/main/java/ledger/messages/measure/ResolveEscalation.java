package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close the open escalation of a measure. */
public record ResolveEscalation(@TargetAggregateIdentifier String measureId,
                                String notes,
                                Long expectedVersion) implements MeasureCommand {
}
