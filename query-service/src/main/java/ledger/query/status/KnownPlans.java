package ledger.query.status;

import ledger.messages.plan.RegisterPlan;
import ledger.messages.query.IsPlanKnown;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers {@link IsPlanKnown} for the plan-scoped reads: an unknown plan is a 404, not an
 * empty dashboard that reads as "all done". A plan is known when the event store holds its
 * registration (so a plan just imported is known before the views catch up) or the status view
 * holds a measure of it (measures may be assigned without a registered plan). Both look-ups use
 * an index: the event store's (aggregate, sequence) key and the view's (plan, number) key.
 */
@Component
public class KnownPlans {

    private final JdbcTemplate jdbc;

    public KnownPlans(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public Boolean handle(IsPlanKnown query) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM event_store.domain_event_entry WHERE aggregate_identifier = ?)"
                + " OR EXISTS (SELECT 1 FROM query_view.measure_status WHERE plan_id = ?)",
                Boolean.class, RegisterPlan.aggregateIdOf(query.planId()), query.planId()));
    }
}
