package ledger.query.bulletin;

import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.EscalationReason;
import ledger.messages.plan.PlanRegistered;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A small plan's history for the unit tests: positions in order, aggregates as the walk hands them. */
final class PlanEvents {

    static final String PLAN = "p";
    private final List<PlanEvent> events = new ArrayList<>();
    private long position;

    PlanEvents plan(String at) {
        return add("plan:" + PLAN, 0, at, "PlanRegistered", new PlanRegistered(PLAN, "测试方案", "省政府",
                LocalDate.of(2016, 1, 16), LocalDate.of(2016, 10, 31), "0".repeat(64), 3), "office-1", "SUPERVISOR");
    }

    PlanEvents assigned(int number, String at, List<String> leaders, List<String> units, String due) {
        return add(id(number), 0, at, "MeasureAssigned", new MeasureAssigned(id(number), PLAN, 1, "（一）", number,
                "措施" + number, "内容", leaders, units, LocalDate.parse(due), null, (DueDateBasis) null),
                   "importer", "SUPERVISOR");
    }

    PlanEvents plan(int number, long sequence, String at) {
        return add(id(number), sequence, at, "ImplementationPlanSubmitted",
                   new ImplementationPlanSubmitted(id(number), "方案", List.of(), List.of()), "clerk", "UNIT");
    }

    PlanEvents report(int number, long sequence, String at, int percent, String summary) {
        return add(id(number), sequence, at, "ProgressReported",
                   new ProgressReported(id(number), percent, summary, List.of(), null), "clerk", "UNIT");
    }

    PlanEvents verified(int number, long sequence, String at) {
        return add(id(number), sequence, at, "MeasureVerified", new MeasureVerified(id(number), "通过"), "office-1",
                   "SUPERVISOR");
    }

    PlanEvents escalated(int number, long sequence, String at, int level) {
        return add(id(number), sequence, at, "MeasureEscalated",
                   new MeasureEscalated(id(number), level, EscalationReason.OVERDUE, null), "system", "SYSTEM");
    }

    static String id(int number) {
        return PLAN + "-" + number;
    }

    private PlanEvents add(String aggregate, long sequence, String at, String type, Object payload, String actor,
                           String role) {
        events.add(new PlanEvent(++position, "e" + position, aggregate, sequence, Instant.parse(at), type, payload,
                                 actor, role, role.equals("UNIT") ? "省政府办公厅" : null));
        return this;
    }

    /** The events by aggregate and sequence, as the reader hands them on. */
    List<PlanEvent> byAggregate() {
        return events.stream().sorted(java.util.Comparator.comparing(PlanEvent::aggregateId)
                                                          .thenComparingLong(PlanEvent::sequence)).toList();
    }
}
