package ledger.messages.measure;

/** Why a measure was escalated (督办). */
public enum EscalationReason {
    /** The due date passed before verification. */
    OVERDUE,
    /** A recurring report was not made in time. */
    MISSED_REPORT,
    /** The result failed verification. */
    FAILED_VERIFICATION,
    /** The supervision office decided so. */
    MANUAL
}
