package ledger.command.measure;

import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.MeasureEscalated;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One escalation (督办): the measure goes one level up, and the level goes up again by itself when
 * left unresolved. Applied within the Measure's handlers.
 */
final class Escalation {

    private Escalation() {
    }

    /** By the supervision office (the command's actor). */
    static void byHand(String measureId, int level, EscalationReason reason, String notes, MeasureDeadlines deadlines) {
        apply(new MeasureEscalated(measureId, level + 1, reason, notes));
        deadlines.stillEscalated(level + 1);
    }

    /**
     * By the system, as the office's chain demands; not above the office's top level, where the
     * measure stays until resolved.
     */
    static void bySystem(String measureId, int level, EscalationReason reason, String notes,
                         MeasureDeadlines deadlines) {
        if (level >= deadlines.policy().escalationLevels()) {
            return;
        }
        apply(new MeasureEscalated(measureId, level + 1, reason, notes), SystemActor.METADATA);
        deadlines.stillEscalated(level + 1);
    }
}
