package ledger.query.bulletin;

import ledger.messages.measure.MeasureStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The bulletin's contents from a plan snapshot: pure. */
public final class BulletinBuilder {

    private BulletinBuilder() {
    }

    /**
     * @param since the previous bulletin's instant: the measures verified after it and by the
     *              snapshot's instant are listed; null for no such list
     */
    public static Bulletin build(PlanSnapshot snapshot, Instant since) {
        List<MeasureAsOf> measures = snapshot.measures();
        LocalDate day = snapshot.day();
        String verify = "/api/v1/audit/digest/verify?position=" + snapshot.position() + "&digest=" + snapshot.digest();
        return new Bulletin(snapshot.planId(), snapshot.plan() == null ? null : snapshot.plan().title(),
                            snapshot.plan() == null ? null : snapshot.plan().issuer(), snapshot.asOf(), day, since,
                            new Bulletin.Ledger(snapshot.position(), snapshot.digest(), verify),
                            counts(measures, day), overdue(measures, day),
                            groups(measures, m -> m.view().leadUnits(), day),
                            groups(measures, m -> m.view().leaders(), day),
                            since == null ? null : verifiedSince(measures, since),
                            measures.stream().map(m -> new Bulletin.Measure(m.view().measureId(), m.view().number(),
                                                                            m.view().title(), m.view().status().name(),
                                                                            m.eventIds())).toList());
    }

    static Bulletin.Counts counts(List<MeasureAsOf> measures, LocalDate day) {
        return new Bulletin.Counts(measures.size(), count(measures, MeasureStatus.VERIFIED),
                                   count(measures, MeasureStatus.IN_PROGRESS),
                                   count(measures, MeasureStatus.ASSIGNED) + count(measures, MeasureStatus.PLAN_SUBMITTED),
                                   measures.stream().filter(m -> m.overdueOn(day)).count(),
                                   measures.stream().filter(MeasureAsOf::escalated).count());
    }

    private static long count(List<MeasureAsOf> measures, MeasureStatus status) {
        return measures.stream().filter(m -> m.view().status() == status).count();
    }

    /** Overdue measures by lead unit: the units with the most first; in each, the longest overdue first. */
    static List<Bulletin.OverdueGroup> overdue(List<MeasureAsOf> measures, LocalDate day) {
        List<MeasureAsOf> overdue = measures.stream().filter(m -> m.overdueOn(day)).toList();
        List<Bulletin.OverdueGroup> groups = new ArrayList<>();
        PlanCounts.groups(overdue, m -> m.view().leadUnits()).forEach((unit, group) -> groups.add(
                new Bulletin.OverdueGroup(unit, group.stream()
                        .sorted(Comparator.comparingLong((MeasureAsOf m) -> -m.daysOverdueOn(day))
                                          .thenComparingInt(m -> m.view().number()))
                        .map(m -> overdueItem(m, day)).toList())));
        groups.sort(Comparator.comparingInt((Bulletin.OverdueGroup g) -> -g.measures().size())
                              .thenComparing(Bulletin.OverdueGroup::leadUnit));
        return groups;
    }

    private static Bulletin.Overdue overdueItem(MeasureAsOf m, LocalDate day) {
        var v = m.view();
        return new Bulletin.Overdue(v.measureId(), v.number(), v.title(), v.leaders(), v.leadUnits(), v.dueDate(),
                                    m.daysOverdueOn(day), v.escalationLevel(), v.status().name(), v.percentComplete(),
                                    m.latestReport(), m.eventIds());
    }

    /** A row per name (lead unit or leader): most overdue first, then by name. */
    static List<Bulletin.Group> groups(List<MeasureAsOf> measures, Function<MeasureAsOf, List<String>> names,
                                       LocalDate day) {
        List<Bulletin.Group> rows = new ArrayList<>();
        for (Map.Entry<String, List<MeasureAsOf>> e : PlanCounts.groups(measures, names).entrySet()) {
            Bulletin.Counts c = counts(e.getValue(), day);
            rows.add(new Bulletin.Group(e.getKey(), c.total(), c.verified(), c.inProgress(), c.notStarted(),
                                        c.overdue(), c.escalated(),
                                        e.getValue().stream().map(m -> m.view().number()).toList()));
        }
        rows.sort(Comparator.comparingLong((Bulletin.Group g) -> -g.overdue())
                            .thenComparingLong(g -> -g.total()).thenComparing(Bulletin.Group::name));
        return rows;
    }

    /** Verified after {@code since} and by the snapshot's instant, in the order verified. */
    static List<Bulletin.Verified> verifiedSince(List<MeasureAsOf> measures, Instant since) {
        return measures.stream().filter(m -> m.verifiedAt() != null && m.verifiedAt().isAfter(since))
                       .sorted(Comparator.comparing(MeasureAsOf::verifiedAt))
                       .map(m -> new Bulletin.Verified(m.view().measureId(), m.view().number(), m.view().title(),
                                                       m.view().leadUnits(), m.view().leaders(), m.verifiedAt(),
                                                       m.verifiedEventId()))
                       .toList();
    }
}
