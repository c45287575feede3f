package ledger.messages.measure;

import java.util.regex.Pattern;

/**
 * Measure identifiers are derived, not random: the plan id and the measure's number, so that an
 * import or a retried assignment names the same measure again. The number has no '-', so the
 * last '-' always splits the two parts.
 */
public final class MeasureId {

    /** Plan ids: lower-case letters, digits and inner dashes, as they appear in URLs. */
    public static final String PLAN_ID_PATTERN = "[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?";
    private static final Pattern PLAN_ID = Pattern.compile(PLAN_ID_PATTERN);
    /**
     * What a plan id must look like, in words: both services refuse any other form with this (ids
     * are not matched without regard to case, so that an id names one plan in URLs and exports).
     */
    public static final String PLAN_ID_RULE =
            "must be a plan id: lower-case letters, digits and inner '-', at most 64, such as gd-2016";

    private MeasureId() {
    }

    public static boolean isPlanId(String planId) {
        return planId != null && PLAN_ID.matcher(planId).matches();
    }

    /**
     * Why a text is not a plan id, for a 400: the rule, and the lower-case id when that is the only
     * difference. Echoes nothing else of the text, which may hold anything.
     */
    public static String planIdProblem(String planId) {
        String lower = planId == null ? null : planId.toLowerCase(java.util.Locale.ROOT);
        return isPlanId(lower) ? PLAN_ID_RULE + " (ids are lower case: " + lower + ")" : PLAN_ID_RULE;
    }

    public static String of(String planId, int number) {
        if (!isPlanId(planId)) {
            throw new IllegalArgumentException("plan id " + planIdProblem(planId));
        }
        if (number < 1) {
            throw new IllegalArgumentException("measure number must be at least 1: " + number);
        }
        return planId + "-" + number;
    }
}
