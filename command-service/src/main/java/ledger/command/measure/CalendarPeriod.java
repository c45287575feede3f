package ledger.command.measure;

import ledger.messages.measure.Recurrence;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A calendar period a recurring measure reports in: a month ({@code 2016-04}), a quarter
 * ({@code 2016Q2}), a half year ({@code 2016H1}) or a year ({@code 2016}), from its first to its
 * last day. Days are days of the plan's zone; the caller takes them from its clock there.
 */
record CalendarPeriod(String label, LocalDate first, LocalDate last) {

    /** The period of this kind that holds the day. */
    static CalendarPeriod containing(Recurrence recurrence, LocalDate day) {
        int year = day.getYear();
        return switch (recurrence) {
            case MONTHLY -> {
                YearMonth month = YearMonth.from(day);
                yield new CalendarPeriod(month.toString(), month.atDay(1), month.atEndOfMonth());
            }
            case QUARTERLY -> {
                int quarter = (day.getMonthValue() - 1) / 3 + 1;
                LocalDate first = LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
                yield new CalendarPeriod(year + "Q" + quarter, first, first.plusMonths(3).minusDays(1));
            }
            case SEMIANNUAL -> {
                int half = day.getMonthValue() <= 6 ? 1 : 2;
                LocalDate first = LocalDate.of(year, half == 1 ? 1 : 7, 1);
                yield new CalendarPeriod(year + "H" + half, first, first.plusMonths(6).minusDays(1));
            }
            case ANNUAL, TIMES_PER_YEAR -> new CalendarPeriod(String.valueOf(year), LocalDate.of(year, 1, 1),
                                                              LocalDate.of(year, 12, 31));
        };
    }

    /** The period of the same kind right after this one. */
    CalendarPeriod next(Recurrence recurrence) {
        return containing(recurrence, last.plusDays(1));
    }
}
