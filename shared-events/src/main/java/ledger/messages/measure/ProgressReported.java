package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A progress report: percent complete, narrative, evidence references, and (since revision 2)
 * the milestone of the implementation plan it reports on, if any. Revision 1 events are read
 * through {@code ProgressReportedUpcaster}.
 */
@Revision("2")
public record ProgressReported(String measureId,
                               int percentComplete,
                               String summary,
                               List<String> evidence,
                               String milestone) implements MeasureEvent {

    public ProgressReported {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
