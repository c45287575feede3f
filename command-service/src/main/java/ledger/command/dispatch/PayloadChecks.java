package ledger.command.dispatch;

import ledger.command.measure.CommandRejectedException;
import ledger.messages.CommandRejection;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.MeasureId;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.Verdict;
import ledger.messages.measure.VerifyMeasure;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A measure command's payload must make sense on its own before any measure is loaded: required
 * texts, ranges, a measure id that matches its plan and number. HTTP binding checks most of this
 * already; this holds for every command handled on this node however it arrived (straight over
 * Axon too). Refused as INVALID (400), nothing appended. What depends on the measure's state (who
 * may act, which transition) stays the aggregate's rule.
 */
@Component
// last of the checks, inside the outcome interceptor that reports its refusal
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class PayloadChecks implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The most reminders a measure may have before each date. */
    static final int MAX_REMINDERS = 10;

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        check(unitOfWork.getMessage().getPayload());
        return chain.proceed();
    }

    /** Throws the refusal of an invalid payload; anything else passes. */
    private static void check(Object payload) {
        if (payload instanceof AssignMeasure command) {
            checkAssignment(command);
        } else if (payload instanceof SubmitImplementationPlan command) {
            requireText(command.summary(), "summary");
            for (Milestone milestone : command.milestones()) {
                if (milestone == null || isBlank(milestone.title()) || milestone.dueDate() == null) {
                    throw invalid("every milestone needs a title and a due date");
                }
            }
        } else if (payload instanceof ReportProgress command) {
            if (command.percentComplete() < 0 || command.percentComplete() > 100) {
                throw invalid("percentComplete must be between 0 and 100, was " + command.percentComplete());
            }
            requireText(command.summary(), "summary");
        } else if (payload instanceof VerifyMeasure command) {
            if (command.verdict() == null) {
                throw invalid("verdict is required (PASSED or REJECTED)");
            }
            if (command.verdict() == Verdict.REJECTED) {
                requireText(command.notes(), "notes (the reasons for the rejection)");
            }
        } else if (payload instanceof EscalateMeasure command && command.reason() == null) {
            throw invalid("reason is required");
        } else if (payload instanceof ExtendDueDate command) {
            if (command.newDueDate() == null) {
                throw invalid("newDueDate is required");
            }
            requireText(command.reason(), "reason");
        }
    }

    private static void checkAssignment(AssignMeasure command) {
        String expectedId;
        try {
            expectedId = MeasureId.of(command.planId(), command.number());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (!expectedId.equals(command.measureId())) {
            throw invalid("measureId must be " + expectedId + " (plan id and number), was " + command.measureId());
        }
        if (command.section() < 1) {
            throw invalid("section must be at least 1");
        }
        requireText(command.title(), "title");
        if (command.leaders().isEmpty() || command.leaders().stream().anyMatch(PayloadChecks::isBlank)) {
            throw invalid("at least one responsible leader is required, and none may be blank");
        }
        if (command.leadUnits().isEmpty() || command.leadUnits().stream().anyMatch(PayloadChecks::isBlank)) {
            throw invalid("at least one lead unit is required, and none may be blank");
        }
        if (command.dueDate() == null) {
            throw invalid("dueDate is required");
        }
        if (command.recurrence() == Recurrence.TIMES_PER_YEAR) {
            if (command.timesPerYear() == null || command.timesPerYear() < 1 || command.timesPerYear() > 366) {
                throw invalid("timesPerYear (1..366) is required with recurrence TIMES_PER_YEAR");
            }
        } else if (command.timesPerYear() != null) {
            throw invalid("timesPerYear goes only with recurrence TIMES_PER_YEAR");
        }
        List<Integer> days = command.remindDaysBefore();
        if (days != null && (days.size() > MAX_REMINDERS || days.stream().anyMatch(d -> d == null || d < 1 || d > 366))) {
            throw invalid("remindDaysBefore holds at most " + MAX_REMINDERS + " lead times of 1..366 days, was " + days);
        }
    }

    private static void requireText(String value, String name) {
        if (isBlank(value)) {
            throw invalid(name + " is required");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static CommandRejectedException invalid(String message) {
        return new CommandRejectedException(CommandRejection.invalid(message));
    }
}
