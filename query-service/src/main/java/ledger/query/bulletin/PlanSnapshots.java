package ledger.query.bulletin;

import ledger.messages.measure.Urgency;
import ledger.messages.query.MeasureView;
import ledger.query.audit.EventStoreAudit;
import ledger.query.status.StatusRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds a plan as of an instant from the event store. The position is the auditors' settled
 * position (the high-water mark) unless an earlier one is asked for, so the same request with the
 * stated position gives the same document again. Urgency comes from the views' own SQL function,
 * for all measures in one statement, as of the instant's day.
 */
@Component
public class PlanSnapshots {

    private final PlanEventReader reader;
    private final EventStoreAudit audit;
    private final StatusRows views;
    private final JdbcTemplate jdbc;
    private final ZoneId zone;
    /** Digests computed beside the plan's read: a few at a time, the rest wait their turn. */
    private final ExecutorService digests = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "plan-document-digest");
        thread.setDaemon(true);
        return thread;
    });

    private final int maxRegisterEvents;

    public PlanSnapshots(PlanEventReader reader, EventStoreAudit audit, StatusRows views, JdbcTemplate jdbc,
                         Clock clock,
                         @org.springframework.beans.factory.annotation.Value(
                                 "${ledger.documents.max-register-events:100000}") int maxRegisterEvents) {
        this.maxRegisterEvents = maxRegisterEvents;
        this.reader = reader;
        this.audit = audit;
        this.views = views;
        this.jdbc = jdbc;
        this.zone = clock.getZone();
    }

    /** Thrown when no plan of that id had been registered, or had a measure, by the instant. */
    public static class UnknownPlanException extends RuntimeException {
        public UnknownPlanException(String planId, Instant asOf) {
            super("no plan '" + planId + "' on the ledger at " + asOf);
        }
    }

    /** Thrown for a position the auditors cannot be handed yet (above the high-water mark). */
    public static class PositionAheadException extends RuntimeException {
        public PositionAheadException(long asked, long settled) {
            super("position " + asked + " is above the settled position " + settled);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        digests.shutdownNow();
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * @param position    the ledger position to build from; null for the settled position now
     * @param withDigest  a document: also compute the ledger's digest at that position (reads the
     *                    whole ledger, beside the plan's events), and name each measure's events
     * @param keepEvents  also keep the events applied (the register's second sheet)
     */
    public PlanSnapshot asOf(String planId, Instant asOf, Long position, boolean withDigest, boolean keepEvents) {
        long settled = audit.settledPosition();
        if (position != null && position > settled) {
            throw new PositionAheadException(position, settled);
        }
        long upTo = position != null ? position : settled;
        PlanAsOf fold = new PlanAsOf(asOf, zone, keepEvents, withDigest).limitEvents(maxRegisterEvents);
        // the digest walks the whole ledger in its own order: on another connection and core, meanwhile
        CompletableFuture<String> digest = withDigest
                ? CompletableFuture.supplyAsync(() -> audit.digest(upTo).digest(), digests)
                : CompletableFuture.completedFuture(null);
        try {
            reader.read(planId, upTo, keepEvents, fold);
        } catch (RuntimeException e) {
            digest.cancel(false);
            throw e;
        }
        List<MeasureAsOf> measures = fold.measures();
        if (fold.plan() == null && measures.isEmpty()) {
            throw new UnknownPlanException(planId, asOf);
        }
        LocalDate day = asOf.atZone(zone).toLocalDate();
        return new PlanSnapshot(planId, fold.plan(), asOf, day, upTo, join(digest), withUrgency(measures, day),
                                fold.events());
    }

    private static String join(CompletableFuture<String> digest) {
        try {
            return digest.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Each measure with its urgency on that day, by query_view.urgency (V5), in one statement. */
    private List<MeasureAsOf> withUrgency(List<MeasureAsOf> measures, LocalDate day) {
        if (measures.isEmpty()) {
            return measures;
        }
        Object[] on = views.urgencyParameters(day);
        List<String> urgencies = jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT query_view.urgency(u.s, u.d, u.p, u.a, u.n, ?, ?) FROM unnest(?::text[], ?::date[],"
                    + " ?::int[], ?::date[], ?::date[]) WITH ORDINALITY AS u(s, d, p, a, n, i) ORDER BY u.i");
            statement.setObject(1, on[0]);
            statement.setObject(2, on[1]);
            statement.setArray(3, array(connection, "text", measures.stream().map(m -> m.view().status().name())));
            statement.setArray(4, array(connection, "date", measures.stream().map(m -> date(m.view().dueDate()))));
            statement.setArray(5, array(connection, "int4", measures.stream().map(m -> m.view().percentComplete())));
            statement.setArray(6, array(connection, "date", measures.stream().map(m -> date(m.view().assignedOn()))));
            statement.setArray(7, array(connection, "date",
                                        measures.stream().map(m -> date(m.view().nextMilestoneDue()))));
            return statement;
        }, (rs, row) -> rs.getString(1));
        List<MeasureAsOf> result = new ArrayList<>(measures.size());
        for (int i = 0; i < measures.size(); i++) {
            MeasureAsOf m = measures.get(i);
            result.add(new MeasureAsOf(withUrgency(m.view(), Urgency.valueOf(urgencies.get(i))), m.latestReport(),
                                       m.verifiedAt(), m.verifiedEventId(), m.eventIds()));
        }
        return result;
    }

    private static Array array(java.sql.Connection connection, String type, java.util.stream.Stream<?> values)
            throws java.sql.SQLException {
        return connection.createArrayOf(type, values.toArray());
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }

    static MeasureView withUrgency(MeasureView v, Urgency urgency) {
        return new MeasureView(v.measureId(), v.planId(), v.section(), v.sectionTitle(), v.number(), v.title(),
                               v.leaders(), v.leadUnits(), v.status(), v.percentComplete(), v.dueDate(),
                               v.recurrence(), urgency, v.escalationLevel(), v.version(), v.lastChangedAt(),
                               v.assignedOn(), v.milestones(), v.milestonesMet(), v.nextMilestoneDue(),
                               v.reminders(), v.urgings(), v.escalations());
    }
}
