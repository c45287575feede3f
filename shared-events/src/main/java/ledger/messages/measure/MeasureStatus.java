package ledger.messages.measure;

/** Where a measure stands in the supervision chain. Escalation is a level beside it. */
public enum MeasureStatus {
    /** 交办: assigned to its leaders and lead units. */
    ASSIGNED,
    /** 方案: the lead unit's implementation plan is in. */
    PLAN_SUBMITTED,
    /** 进展: progress has been reported (also after a rejected verification). */
    IN_PROGRESS,
    /** 销号: verified and closed out; nothing changes it any more. */
    VERIFIED
}
