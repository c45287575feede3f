package ledger.messages.measure;

/** How pressing a measure is, as supervision systems colour it. */
public enum Urgency {
    NONE,
    /** Due soon. */
    BLUE,
    /** Behind schedule. */
    YELLOW,
    /** Overdue and not verified. */
    RED
}
