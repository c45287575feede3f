package ledger.messages.measure;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The lead unit's implementation plan; a later one replaces an earlier one. */
@Revision("1")
public record ImplementationPlanSubmitted(String measureId,
                                          String summary,
                                          List<Milestone> milestones,
                                          List<String> responsiblePersons) implements MeasureEvent {

    public ImplementationPlanSubmitted {
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        responsiblePersons = responsiblePersons == null ? List.of() : List.copyOf(responsiblePersons);
    }
}
