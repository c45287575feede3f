package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** 督办: raise the measure's escalation level by one. */
public record EscalateMeasure(@TargetAggregateIdentifier String measureId,
                              EscalationReason reason,
                              String notes,
                              Long expectedVersion) implements MeasureCommand {
}
