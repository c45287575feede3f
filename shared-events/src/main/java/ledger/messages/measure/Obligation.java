package ledger.messages.measure;

/** What a reminder (提醒) or an urging (催办) is about. */
public enum Obligation {
    /** The measure's due date: it should be done (verified) by then. */
    DUE_DATE,
    /** A milestone of the implementation plan: a progress report naming it is due by its date. */
    MILESTONE,
    /** A recurring measure's report for a calendar period (a quarter, a year, …). */
    PERIODIC_REPORT,
    /** A new progress report after a rejected verification. */
    REPORT_AFTER_REJECTION
}
