package ledger.query.stream;

import ledger.query.support.StoredEvents;

/** A plan of two measures, both assigned: the stream tests' starting point. */
record PlanOfTwo(String plan, String first, String second, long assigned) {

    static PlanOfTwo assigned(StoredEvents events, String plan) {
        events.assigned(plan, 1, "省编办");
        long assigned = events.assigned(plan, 2, "省编办");
        return new PlanOfTwo(plan, plan + "-1", plan + "-2", assigned);
    }
}
