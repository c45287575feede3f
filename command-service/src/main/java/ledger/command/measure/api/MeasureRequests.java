package ledger.command.measure.api;

import ledger.command.commons.TextLimits;
import ledger.command.commons.NoControlCharacters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.MeasureId;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.Verdict;

import java.time.LocalDate;
import java.util.List;

/**
 * The JSON bodies of the command API (docs/API.md). Unknown fields are refused, and so is
 * any control character in a text: long free text (summary, notes, reason, description) may hold
 * tab and line breaks, other text none.
 */
public final class MeasureRequests {

    public static final int SHORT_TEXT = TextLimits.SHORT_TEXT;
    public static final int LONG_TEXT = TextLimits.LONG_TEXT;
    public static final int NAME = TextLimits.NAME;
    public static final int LIST = TextLimits.LIST;

    private MeasureRequests() {
    }

    public record AssignMeasureRequest(
            @NotBlank @Pattern(regexp = MeasureId.PLAN_ID_PATTERN, message = MeasureId.PLAN_ID_RULE) String planId,
            @NotNull @Min(1) @Max(99) Integer section,
            @NoControlCharacters @Size(max = SHORT_TEXT) String sectionTitle,
            @NotNull @Min(1) @Max(9999) Integer number,
            @NotBlank @NoControlCharacters @Size(max = SHORT_TEXT) String title,
            @NoControlCharacters(multiline = true) @Size(max = LONG_TEXT) String description,
            @NotEmpty @Size(max = LIST) List<@NotBlank @NoControlCharacters @Size(max = NAME) String> leaders,
            @NotEmpty @Size(max = LIST) List<@NotBlank @NoControlCharacters @Size(max = NAME) String> leadUnits,
            @NotNull LocalDate dueDate,
            Recurrence recurrence,
            @Min(1) @Max(366) Integer timesPerYear,
            @Size(max = 10) List<@NotNull @Min(1) @Max(366) Integer> remindDaysBefore) {
    }

    public record MilestoneRequest(@NotBlank @NoControlCharacters @Size(max = SHORT_TEXT) String title,
                                   @NotNull LocalDate dueDate) {
    }

    public record SubmitPlanRequest(
            @NotBlank @NoControlCharacters(multiline = true) @Size(max = LONG_TEXT) String summary,
            @Size(max = LIST) List<@NotNull @Valid MilestoneRequest> milestones,
            @Size(max = LIST) List<@NotBlank @NoControlCharacters @Size(max = NAME) String> responsiblePersons) {
    }

    public record ReportProgressRequest(
            @NotNull @Min(0) @Max(100) Integer percentComplete,
            @NotBlank @NoControlCharacters(multiline = true) @Size(max = LONG_TEXT) String summary,
            @Size(max = LIST) List<@NotBlank @NoControlCharacters @Size(max = SHORT_TEXT) String> evidence,
            @NoControlCharacters @Size(max = SHORT_TEXT) String milestone) {
    }

    public record VerificationRequest(@NotNull Verdict verdict,
                                      @NoControlCharacters(multiline = true) @Size(max = LONG_TEXT) String notes) {
    }

    public record EscalationRequest(@NotNull EscalationReason reason,
                                    @NoControlCharacters(multiline = true) @Size(max = LONG_TEXT) String notes) {
    }

    public record ResolveEscalationRequest(
            @NoControlCharacters(multiline = true) @Size(max = LONG_TEXT) String notes) {
    }

    public record ExtendDueDateRequest(
            @NotNull LocalDate newDueDate,
            @NotBlank @NoControlCharacters(multiline = true) @Size(max = LONG_TEXT) String reason) {
    }
}
