package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.util.List;

/** A progress report: percent complete, narrative, evidence references. */
@Revision("1")
public record ProgressReported(String measureId,
                               int percentComplete,
                               String summary,
                               List<String> evidence) implements MeasureEvent {

    public ProgressReported {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
