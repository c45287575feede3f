package ledger.messages.measure;

/**
 * Why a measure has the due date it has, so that an auditor can trace it to the plan's text.
 *
 * @param rule   which rule gave the date
 * @param source the words of the text it came from (such as {@code 2016年第一季度}), if any
 */
public record DueDateBasis(Rule rule, String source) {

    public enum Rule {
        /** The measure's own text states it. */
        STATED_IN_MEASURE,
        /** The plan-wide deadline, for measures that state none of their own. */
        PLAN_DEADLINE,
        /** Given explicitly by whoever assigned the measure. */
        ASSIGNED
    }
}
