package ledger.query.bulletin;

import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.ProgressReported;
import ledger.messages.plan.PlanRegistered;
import ledger.messages.query.MeasureView;
import ledger.query.status.MeasureViewFold;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds a plan's events into the plan as it stood at an instant: each measure by the status view's
 * own fold ({@link MeasureViewFold}), so it agrees with {@code /measures/{id}/state} and with the
 * view itself. Takes each aggregate's events in sequence; an aggregate's first event after the
 * instant ends its history, as in the state-at-an-instant query. Keeps the events it applied (for
 * the register's second sheet) only when asked to. Pure: no database, no clock.
 */
public final class PlanAsOf implements Consumer<PlanEvent> {

    private final Instant asOf;
    private final ZoneId zone;
    private final boolean keepEvents;
    private final Map<String, Builder> measures = new LinkedHashMap<>();
    private final List<PlanEvent> events = new ArrayList<>();
    private PlanRegistered plan;
    private String ended;

    public PlanAsOf(Instant asOf, ZoneId zone, boolean keepEvents) {
        this.asOf = asOf;
        this.zone = zone;
        this.keepEvents = keepEvents;
    }

    private static final class Builder {
        MeasureView view;
        MeasureAsOf.Report report;
        Instant verifiedAt;
        String verifiedEventId;
        final List<String> eventIds = new ArrayList<>();
    }

    @Override
    public void accept(PlanEvent event) {
        if (event.aggregateId().equals(ended)) {
            return;
        }
        if (event.occurredAt().isAfter(asOf)) {
            ended = event.aggregateId();
            return;
        }
        if (event.payload() instanceof PlanRegistered registered) {
            plan = registered;
            keep(event);
            return;
        }
        Builder measure = measures.computeIfAbsent(event.aggregateId(), id -> new Builder());
        MeasureView next = MeasureViewFold.apply(measure.view, event.payload(), event.sequence(), event.occurredAt(),
                                                 zone);
        if (next == null) {
            return;   // not a measure yet: nothing before its assignment counts
        }
        measure.view = next;
        measure.eventIds.add(event.eventId());
        if (event.payload() instanceof ProgressReported progress) {
            measure.report = new MeasureAsOf.Report(progress.percentComplete(), progress.summary(),
                                                    event.occurredAt(), event.eventId());
        } else if (event.payload() instanceof MeasureVerified) {
            measure.verifiedAt = event.occurredAt();
            measure.verifiedEventId = event.eventId();
        }
        keep(event);
    }

    private void keep(PlanEvent event) {
        if (keepEvents) {
            events.add(event);
        }
    }

    /** The plan's registration, or null if it was not registered by then. */
    public PlanRegistered plan() {
        return plan;
    }

    /** Every measure that existed at the instant, in plan order (section, number). */
    public List<MeasureAsOf> measures() {
        return measures.values().stream().filter(b -> b.view != null)
                       .map(b -> new MeasureAsOf(b.view, b.report, b.verifiedAt, b.verifiedEventId, b.eventIds))
                       .sorted(Comparator.comparingInt((MeasureAsOf m) -> m.view().section())
                                         .thenComparingInt(m -> m.view().number()))
                       .toList();
    }

    /** The events applied, in ledger order (position); empty unless kept. */
    public List<PlanEvent> events() {
        return events.stream().sorted(Comparator.comparingLong(PlanEvent::position)).toList();
    }
}
