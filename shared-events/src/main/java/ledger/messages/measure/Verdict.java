package ledger.messages.measure;

/** The outcome of the supervision office's check (核验). */
public enum Verdict {
    PASSED,
    REJECTED
}
