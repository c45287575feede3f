package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** Move the due date later, for a stated reason. */
public record ExtendDueDate(@TargetAggregateIdentifier String measureId,
                            LocalDate newDueDate,
                            String reason,
                            Long expectedVersion) implements MeasureCommand {
}
