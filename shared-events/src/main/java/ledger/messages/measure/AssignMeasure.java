package ledger.messages.measure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/** 交办: put a numbered measure of a plan on the ledger, with its leaders, lead units and due date. */
public record AssignMeasure(@TargetAggregateIdentifier String measureId,
                            String planId,
                            int section,
                            String sectionTitle,
                            int number,
                            String title,
                            String description,
                            List<String> leaders,
                            List<String> leadUnits,
                            LocalDate dueDate,
                            Recurrence recurrence,
                            DueDateBasis dueDateBasis) {

    public AssignMeasure {
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
        leadUnits = leadUnits == null ? List.of() : List.copyOf(leadUnits);
    }
}
