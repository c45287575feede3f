package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * 进展: how far the measure has come, with a narrative, references to the evidence, and the
 * milestone of its implementation plan it reports on (optional).
 */
public record ReportProgress(@TargetAggregateIdentifier String measureId,
                             int percentComplete,
                             String summary,
                             List<String> evidence,
                             String milestone,
                             Long expectedVersion) implements MeasureCommand {

    public ReportProgress {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
