package ledger.messages;

/** The roles an actor can hold; see the table of endpoints in docs/API.md. */
public enum ActorRole {
    /** The supervision office (督查室): assigns, imports, verifies, escalates, resolves, extends. */
    SUPERVISOR,
    /** A lead unit (牵头单位): submits plans and reports progress on its own measures. */
    UNIT,
    /** Reads everything, including the audit endpoints. */
    AUDITOR,
    /** Operates the ledger: replays and other admin endpoints. */
    ADMIN,
    /** Reads status views and dashboards. */
    READER,
    /** The ledger itself, for deadline-driven escalations. */
    SYSTEM
}
