package ledger.query.bulletin;

import ledger.messages.plan.PlanRegistered;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A plan as the ledger held it at an instant: built from the events at or below {@code position}
 * that had happened by {@code asOf}. {@code digest} is the ledger's digest at {@code position}
 * (docs/AUDIT.md), null where it was not asked for; {@code day} is the instant's date in the
 * ledger's zone, which decides what is overdue.
 */
public record PlanSnapshot(String planId, PlanRegistered plan, Instant asOf, LocalDate day, long position,
                           String digest, List<MeasureAsOf> measures, List<PlanEvent> events) {

    public PlanSnapshot {
        measures = List.copyOf(measures);
        events = List.copyOf(events);
    }

    /** Only the measures a lead unit leads, and only their events (a UNIT's register). */
    public PlanSnapshot ofUnit(String unit) {
        List<MeasureAsOf> own = measures.stream().filter(m -> m.view().leadUnits().contains(unit)).toList();
        java.util.Set<String> ids = new java.util.HashSet<>();
        own.forEach(m -> ids.add(m.view().measureId()));
        return new PlanSnapshot(planId, plan, asOf, day, position, digest, own,
                                events.stream().filter(e -> ids.contains(e.aggregateId())).toList());
    }
}
