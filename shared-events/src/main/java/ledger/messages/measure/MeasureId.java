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

    private MeasureId() {
    }

    public static String of(String planId, int number) {
        if (planId == null || !PLAN_ID.matcher(planId).matches()) {
            throw new IllegalArgumentException("plan id must match " + PLAN_ID_PATTERN + ": " + planId);
        }
        if (number < 1) {
            throw new IllegalArgumentException("measure number must be at least 1: " + number);
        }
        return planId + "-" + number;
    }
}
