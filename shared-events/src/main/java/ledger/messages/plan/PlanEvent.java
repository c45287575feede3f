package ledger.messages.plan;

/** A fact in a plan's history. Every implementation is a record with a {@code @Revision}. */
public interface PlanEvent {

    String planId();
}
