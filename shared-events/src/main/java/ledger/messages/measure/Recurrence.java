package ledger.messages.measure;

/** How often a recurring measure must be carried out and reported. */
public enum Recurrence {
    MONTHLY,
    /** 每季度: every quarter. */
    QUARTERLY,
    /** 每年不少于2次: at least twice a year. */
    SEMIANNUAL,
    ANNUAL
}
