package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** 核验: the supervision office's check of the result; PASSED closes the measure out. */
public record VerifyMeasure(@TargetAggregateIdentifier String measureId,
                            Verdict verdict,
                            String notes,
                            Long expectedVersion) implements MeasureCommand {
}
