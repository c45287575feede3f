package ledger.query.commons;

import ledger.messages.measure.MeasureId;
import ledger.messages.query.IsPlanKnown;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * The {@code planId} of a plan-scoped read: not a plan id is 400 (ids are lower case, never
 * matched without regard to case), a plan not on the ledger 404 (an empty answer would read as
 * "nothing left to do").
 */
@Component
public class PlanParameters {

    private final QueryGateway queries;

    public PlanParameters(QueryGateway queries) {
        this.queries = queries;
    }

    /** Blank is every plan (null); otherwise a known plan's id. */
    public String optional(String planId) {
        return planId == null || planId.isBlank() ? null : known(planId);
    }

    public String known(String planId) {
        String id = wellFormed(planId);
        if (!queries.query(new IsPlanKnown(id), ResponseTypes.instanceOf(Boolean.class)).join()) {
            throw new UnknownPlanException(id);
        }
        return id;
    }

    public static String wellFormed(String planId) {
        if (!MeasureId.isPlanId(planId)) {
            throw new InvalidQueryException("planId", MeasureId.planIdProblem(planId));
        }
        return planId;
    }

    /** No plan of that id on the ledger: 404. */
    public static class UnknownPlanException extends RuntimeException {
        public UnknownPlanException(String planId) {
            super("no plan '" + planId + "' on the ledger; GET /api/v1/measures lists the measures of every plan"
                  + " (field planId)");
        }
    }
}
