package ledger.command.importing;

import ledger.support.units.LeadUnitDirectory;
import ledger.command.dispatch.CommandDispatcher;
import ledger.messages.Actor;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.MeasureId;
import ledger.messages.measure.Recurrence;
import ledger.messages.plan.PlanRegistered;
import ledger.messages.plan.RegisterPlan;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Puts a plan and its measures on the ledger through the ordinary commands: RegisterPlan, then one
 * AssignMeasure per measure, each with the importing actor. Idempotent: ids are derived from the
 * plan id and the measure numbers, and what is there already is left alone and reported.
 */
@Service
public class PlanImporter {

    private static final Logger log = LoggerFactory.getLogger(PlanImporter.class);

    private final CommandDispatcher dispatcher;
    private final EventStore eventStore;
    private final LeadUnitDirectory leadUnits;

    public PlanImporter(CommandDispatcher dispatcher, EventStore eventStore, LeadUnitDirectory leadUnits) {
        this.dispatcher = dispatcher;
        this.eventStore = eventStore;
        this.leadUnits = leadUnits;
    }

    /**
     * A plan ready to import: every name resolved, every date decided.
     *
     * @param remindDaysBefore the plan's reminder lead times (days before each date); null: the service's default
     */
    public record PlanToImport(String planId, String title, String issuer, LocalDate issueDate, LocalDate deadline,
                               String sourceSha256, List<AssignMeasure> measures, List<Integer> remindDaysBefore) {

        public PlanToImport {
            if (remindDaysBefore != null && (remindDaysBefore.size() > 10
                    || remindDaysBefore.stream().anyMatch(d -> d == null || d < 1 || d > 366))) {
                throw ImportRejectedException.invalid("remindDaysBefore",
                                                      "at most 10 lead times of 1..366 days, was " + remindDaysBefore);
            }
            remindDaysBefore = remindDaysBefore == null ? null : List.copyOf(remindDaysBefore);
        }
    }

    /** One step of an import, for progress reports. */
    public record Progress(int done, int total, String measureId, boolean created) {
    }

    public record ImportResult(String planId, String title, boolean planRegistered, List<String> created,
                               List<String> alreadyPresent) {
    }

    /** Resolves the notice's lead units to canonical names; refuses, naming the line, what it cannot. */
    public PlanToImport prepare(ParsedNotice notice, String planId, String sourceSha256,
                                List<Integer> remindDaysBefore) {
        List<AssignMeasure> measures = new ArrayList<>();
        for (ParsedNotice.Measure m : notice.measures()) {
            measures.add(new AssignMeasure(MeasureId.of(planId, m.number()), planId, m.section(), m.sectionTitle(),
                                           m.number(), m.title(), m.text(), m.leaders(),
                                           canonical(m.leadUnits(), "line " + m.line()), m.dueDate(), m.recurrence(),
                                           m.dueDateBasis(), m.timesPerYear(), null));
        }
        return new PlanToImport(planId, notice.title(), notice.issuer(), notice.issueDate(), notice.deadline(),
                                sourceSha256, measures, remindDaysBefore);
    }

    /** The same for one measure of a JSON plan: a missing due date falls back to the plan's deadline. */
    public AssignMeasure prepare(String planId, LocalDate deadline, int index, int section, String sectionTitle,
                                 int number, String title, String description, List<String> leaders,
                                 List<String> units, LocalDate dueDate, Recurrence recurrence,
                                 Integer timesPerYear) {
        DueDateBasis basis = dueDate != null ? new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null)
                : new DueDateBasis(DueDateBasis.Rule.PLAN_DEADLINE, null);
        return new AssignMeasure(MeasureId.of(planId, number), planId, section, sectionTitle, number, title,
                                 description, leaders, canonical(units, "measures[" + index + "].leadUnits"),
                                 dueDate != null ? dueDate : deadline, recurrence, basis, timesPerYear, null);
    }

    private List<String> canonical(List<String> written, String where) {
        try {
            return leadUnits.canonicalList(written);
        } catch (LeadUnitDirectory.UnknownLeadUnitException e) {
            throw ImportRejectedException.invalid(where, e.getMessage());
        }
    }

    /** Refuses a plan id that is on the ledger already from another text. */
    public void checkSource(PlanToImport plan) {
        String planAggregate = RegisterPlan.aggregateIdOf(plan.planId());
        if (exists(planAggregate)) {
            String earlierSource = ((PlanRegistered) eventStore.readEvents(planAggregate).next().getPayload())
                    .sourceSha256();
            if (!Objects.equals(earlierSource, plan.sourceSha256())) {
                throw ImportRejectedException.conflict("plan " + plan.planId()
                        + " is on the ledger already, imported from another text (SHA-256 " + earlierSource + ")");
            }
        }
    }

    public ImportResult importPlan(PlanToImport plan, Actor actor, String correlationId, Consumer<Progress> progress) {
        checkSource(plan);
        boolean registered = false;
        String planAggregate = RegisterPlan.aggregateIdOf(plan.planId());
        if (!exists(planAggregate)) {
            registered = create(new RegisterPlan(plan.planId(), plan.title(), plan.issuer(), plan.issueDate(),
                                                 plan.deadline(), plan.sourceSha256(), plan.measures().size(),
                                                 plan.remindDaysBefore()),
                                actor, correlationId);
        }
        // the plan's setting, as registered (by this import or the first one), goes to each of its measures
        List<Integer> reminders = registered ? plan.remindDaysBefore()
                : ((PlanRegistered) eventStore.readEvents(planAggregate).next().getPayload()).remindDaysBefore();
        List<String> created = new ArrayList<>();
        List<String> present = new ArrayList<>();
        int done = 0;
        for (AssignMeasure planned : plan.measures()) {
            AssignMeasure measure = withReminders(planned, reminders);
            boolean isNew = !exists(measure.measureId()) && create(measure, actor, correlationId);
            (isNew ? created : present).add(measure.measureId());
            progress.accept(new Progress(++done, plan.measures().size(), measure.measureId(), isNew));
        }
        log.info("plan {} imported by {}: {} measures created, {} already there", plan.planId(), actor.id(),
                 created.size(), present.size());
        return new ImportResult(plan.planId(), plan.title(), registered, created, present);
    }

    private static AssignMeasure withReminders(AssignMeasure m, List<Integer> remindDaysBefore) {
        return new AssignMeasure(m.measureId(), m.planId(), m.section(), m.sectionTitle(), m.number(), m.title(),
                                 m.description(), m.leaders(), m.leadUnits(), m.dueDate(), m.recurrence(),
                                 m.dueDateBasis(), m.timesPerYear(), remindDaysBefore);
    }

    private boolean exists(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).isPresent();
    }

    /** False when another import created it in the meantime. */
    private boolean create(Object command, Actor actor, String correlationId) {
        try {
            dispatcher.send(command, actor, correlationId);
            return true;
        } catch (AggregateStreamCreationException e) {
            return false;
        }
    }
}
