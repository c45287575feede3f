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
 * view itself. Takes the events in global order (each aggregate's in sequence); an aggregate's
 * first event after the instant ends its history, as in the state-at-an-instant query. Keeps the events it applied (for
 * the register's second sheet) only when asked to. Pure: no database, no clock.
 */
public final class PlanAsOf implements Consumer<PlanEvent> {

    private final Instant asOf;
    private final ZoneId zone;
    private final boolean keepEvents;
    private final boolean keepIds;
    private int maxEvents = Integer.MAX_VALUE;
    private final Map<String, Builder> measures = new LinkedHashMap<>();
    private final List<PlanEvent> events = new ArrayList<>();
    private final java.util.Set<String> ended = new java.util.HashSet<>();
    private PlanRegistered plan;

    /** A plan's measures at an instant, each naming its events (a bulletin's rows), and the events if kept. */
    public PlanAsOf(Instant asOf, ZoneId zone, boolean keepEvents) {
        this(asOf, zone, keepEvents, true);
    }

    /**
     * @param keepIds whether each measure names its events: a document's rows do, the status at an
     *                instant does not (at 10,000 measures of 100 events, a million ids in memory)
     */
    public PlanAsOf(Instant asOf, ZoneId zone, boolean keepEvents, boolean keepIds) {
        this.asOf = asOf;
        this.zone = zone;
        this.keepEvents = keepEvents;
        this.keepIds = keepIds;
    }

    private static final class Builder {
        MeasureView view;
        MeasureAsOf.Report report;
        Instant verifiedAt;
        String verifiedEventId;
        final List<String> eventIds = new ArrayList<>();
    }

    /** At most this many events kept (they are held in memory until the document is written). */
    public PlanAsOf limitEvents(int max) {
        this.maxEvents = max;
        return this;
    }

    @Override
    public void accept(PlanEvent event) {
        if (ended.contains(event.aggregateId())) {
            return;
        }
        if (event.occurredAt().isAfter(asOf)) {
            ended.add(event.aggregateId());
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
        if (keepIds) {
            measure.eventIds.add(event.eventId());
        }
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
            if (events.size() >= maxEvents) {
                throw new TooManyEventsException(maxEvents);
            }
            events.add(event);
        }
    }

    /** More events than a register may hold in memory: the read stops there. */
    public static class TooManyEventsException extends RuntimeException {
        public TooManyEventsException(int max) {
            super("the register would list more than " + max + " events (ledger.documents.max-register-events): "
                  + "ask for an earlier asOf, or read the events from /api/v1/audit/events");
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
