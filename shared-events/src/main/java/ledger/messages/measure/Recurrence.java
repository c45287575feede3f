package ledger.messages.measure;

/**
 * How often a recurring measure must be carried out and reported, in calendar periods of the
 * plan's time zone, from the measure's assignment until it is closed out.
 */
public enum Recurrence {
    /** One report in every calendar month. */
    MONTHLY,
    /** 每季度: one report in every calendar quarter, due by the quarter's end. */
    QUARTERLY,
    /** 每半年: one report in every calendar half year. */
    SEMIANNUAL,
    /** One report in every calendar year. */
    ANNUAL,
    /** 每年不少于N次: at least {@code timesPerYear} reports in every calendar year (a count, not a period). */
    TIMES_PER_YEAR
}
