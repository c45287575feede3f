package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** 方案: the lead unit's implementation plan; may be resubmitted until the measure is verified. */
public record SubmitImplementationPlan(@TargetAggregateIdentifier String measureId,
                                       String summary,
                                       List<Milestone> milestones,
                                       List<String> responsiblePersons,
                                       Long expectedVersion) implements MeasureCommand {

    public SubmitImplementationPlan {
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        responsiblePersons = responsiblePersons == null ? List.of() : List.copyOf(responsiblePersons);
    }
}
