package ledger.command.importing;

import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.Recurrence;

import java.time.LocalDate;
import java.util.List;

/**
 * A rectification plan as read from its notice.
 *
 * @param deadlineSource the words that state the plan-wide deadline
 */
public record ParsedNotice(String title,
                           String issuer,
                           LocalDate issueDate,
                           LocalDate deadline,
                           String deadlineSource,
                           List<Measure> measures) {

    /**
     * One numbered measure.
     *
     * @param line      where it starts in the text, from 1
     * @param text      the measure's whole text after its number, responsibility clause included
     * @param leadUnits as written, with the implied province prefix not yet restored
     * @param timesPerYear with {@code TIMES_PER_YEAR} (每年不少于N次): the N
     */
    public record Measure(int line,
                          int section,
                          String sectionTitle,
                          int number,
                          String title,
                          String text,
                          List<String> leaders,
                          List<String> leadUnits,
                          LocalDate dueDate,
                          DueDateBasis dueDateBasis,
                          Recurrence recurrence,
                          Integer timesPerYear) {
    }
}
