package ledger.command.importing;

import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.Recurrence;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rectification notice of the Guangdong 2016 form: a cover notice with issuer and date,
 * numbered sections, sub-sections （一）…, numbered measures {@code 1．…} each closing with
 * {@code （X、Y同志负责，A、B牵头办理）}, and a plan-wide deadline such as {@code 于2016年10月底前}.
 * <p>
 * Tolerates CRLF, full-width and half-width forms of its punctuation, and stray spaces. Pure: no
 * I/O, no clock.
 */
public final class NoticeParser {

    private static final String SPACE = "[\\s\\u3000]*";
    private static final String NUMERAL = "[一二三四五六七八九十]+";
    private static final String LEFT_PAREN = "[（(]";
    private static final String RIGHT_PAREN = "[）)]";
    /** Separators of names in a list: 、 (and its half-width form), commas. */
    private static final Pattern LIST_SEPARATOR = pattern(SPACE + "[、､，,]" + SPACE);

    private static final Pattern TOP_SECTION = pattern("^(" + NUMERAL + ")" + SPACE + "[、､]" + SPACE + "(.+)$");
    private static final Pattern SUB_SECTION = pattern(
            "^" + LEFT_PAREN + SPACE + "(" + NUMERAL + ")" + SPACE + RIGHT_PAREN + SPACE + "(.+?)" + SPACE + "[。｡]?$");
    private static final Pattern MEASURE = pattern("^(\\d{1,4})" + SPACE + "[．.]" + SPACE + "(.+)$");
    private static final Pattern RESPONSIBILITY = pattern(
            LEFT_PAREN + SPACE + "([^（()）]+?)" + SPACE + "同志负责" + SPACE + "[，,]" + SPACE + "([^（()）]+?)" + SPACE
            + "牵头办理" + SPACE + RIGHT_PAREN + SPACE + "$");
    private static final Pattern SENTENCE_END = pattern("[。｡]");
    private static final Pattern DATE_LINE = pattern("^(\\d{4})年(\\d{1,2})月(\\d{1,2})日$");
    private static final Pattern QUOTED_TITLE = pattern("《(.+)》");

    private static final Pattern BY_MONTH_END = pattern("(\\d{4})年(\\d{1,2})月底前");
    private static final Pattern BY_DAY = pattern("(\\d{4})年(\\d{1,2})月(\\d{1,2})日前");
    private static final Pattern BY_YEAR_END = pattern("(\\d{4})年底前");
    private static final Pattern QUARTER = pattern("(\\d{4})年第([一二三四1-4])季度");
    private static final Pattern HALF_YEAR = pattern("(\\d{4})年([上下])半年");

    private static final Pattern EVERY_QUARTER = pattern("每季度");
    private static final Pattern EVERY_MONTH = pattern("每月");
    private static final Pattern EVERY_HALF_YEAR = pattern("每半年");
    private static final Pattern TIMES_A_YEAR = pattern("每年(?:不少于|至少)?([1-9]\\d?|[一两二三四])次");

    /** Unicode classes: \\d takes full-width digits too, \\s the ideographic space. */
    private static Pattern pattern(String regex) {
        return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    public ParsedNotice parse(String text) {
        if (text == null || text.isBlank()) {
            throw new NoticeFormatException(0, "the notice is empty");
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].strip();
        }

        String title = null;
        String issuer = null;
        LocalDate issueDate = null;
        List<RawMeasure> raw = new ArrayList<>();
        int section = 0;
        String sectionTitle = null;
        int measuresEndAt = -1;
        RawMeasure open = null;

        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNumber = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (title == null) {
                Matcher quoted = QUOTED_TITLE.matcher(line);
                title = quoted.find() ? quoted.group(1).strip() : line;
                continue;
            }
            Matcher date = DATE_LINE.matcher(line);
            if (issueDate == null && date.matches()) {
                issueDate = date(lineNumber, date.group(1), date.group(2), date.group(3));
                issuer = previousNonBlank(lines, i);
                continue;
            }
            Matcher measure = MEASURE.matcher(line);
            Matcher sub = SUB_SECTION.matcher(line);
            Matcher top = TOP_SECTION.matcher(line);
            if (measure.matches() || sub.matches() || top.matches()) {
                if (open != null) {
                    throw new NoticeFormatException(open.line, "measure " + open.number
                            + " does not end with （…同志负责，…牵头办理）");
                }
                if (top.matches()) {
                    section = 0;
                    sectionTitle = null;
                    if (!raw.isEmpty() && measuresEndAt < 0) {
                        measuresEndAt = i;
                    }
                } else if (sub.matches()) {
                    section = numeral(sub.group(1));
                    sectionTitle = sub.group(2);
                } else {
                    int number = Integer.parseInt(measure.group(1));
                    int expected = raw.size() + 1;
                    if (number != expected) {
                        throw new NoticeFormatException(lineNumber, "expected measure " + expected + ", found " + number);
                    }
                    if (section == 0) {
                        throw new NoticeFormatException(lineNumber, "measure " + number
                                + " stands outside a numbered sub-section （一）…");
                    }
                    open = new RawMeasure(lineNumber, section, sectionTitle, number, measure.group(2));
                    raw.add(open);
                }
            } else if (open != null) {
                // a measure continued on the next line
                open.text = open.text + line;
            }
            if (open != null && RESPONSIBILITY.matcher(open.text).find()) {
                open = null;
            }
        }
        if (open != null) {
            throw new NoticeFormatException(open.line, "measure " + open.number
                    + " does not end with （…同志负责，…牵头办理）");
        }
        if (issueDate == null) {
            throw new NoticeFormatException(0, "no date line (such as 2016年1月16日) after the cover notice");
        }
        if (raw.isEmpty()) {
            throw new NoticeFormatException(0, "no numbered measures (such as 1．…) in the text");
        }

        Deadline deadline = planDeadline(lines, measuresEndAt < 0 ? lines.length : measuresEndAt);
        List<ParsedNotice.Measure> measures = new ArrayList<>();
        for (RawMeasure m : raw) {
            measures.add(m.toMeasure(deadline));
        }
        return new ParsedNotice(title, issuer, issueDate, deadline.date, deadline.source, List.copyOf(measures));
    }

    /** The plan-wide deadline is stated after the measures (in the section on safeguards). */
    private static Deadline planDeadline(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            StatedDate stated = statedDate(i + 1, lines[i]);
            if (stated != null) {
                return new Deadline(stated.date, stated.source);
            }
        }
        throw new NoticeFormatException(0, "no plan-wide deadline (such as 于2016年10月底前) after the measures");
    }

    /** The latest date a text states as a deadline, or null. */
    private static StatedDate statedDate(int lineNumber, String text) {
        StatedDate latest = null;
        for (Matcher m = BY_MONTH_END.matcher(text); m.find(); ) {
            latest = later(latest, new StatedDate(monthEnd(lineNumber, m.group(1), m.group(2)), m.group()));
        }
        for (Matcher m = BY_DAY.matcher(text); m.find(); ) {
            latest = later(latest, new StatedDate(date(lineNumber, m.group(1), m.group(2), m.group(3)), m.group()));
        }
        for (Matcher m = BY_YEAR_END.matcher(text); m.find(); ) {
            latest = later(latest, new StatedDate(LocalDate.of(Integer.parseInt(m.group(1)), 12, 31), m.group()));
        }
        for (Matcher m = QUARTER.matcher(text); m.find(); ) {
            int quarter = "一二三四".indexOf(m.group(2)) + 1;
            if (quarter == 0) {
                quarter = Integer.parseInt(m.group(2));
            }
            latest = later(latest, new StatedDate(monthEnd(lineNumber, m.group(1), String.valueOf(quarter * 3)),
                                                  m.group()));
        }
        for (Matcher m = HALF_YEAR.matcher(text); m.find(); ) {
            String month = m.group(2).equals("上") ? "6" : "12";
            latest = later(latest, new StatedDate(monthEnd(lineNumber, m.group(1), month), m.group()));
        }
        return latest;
    }

    /** How often the measure recurs, in calendar periods, or how many times a year at least (a count). */
    private record Recurring(Recurrence recurrence, Integer timesPerYear) {
    }

    private static Recurring recurrence(String text) {
        if (EVERY_MONTH.matcher(text).find()) {
            return new Recurring(Recurrence.MONTHLY, null);
        }
        if (EVERY_QUARTER.matcher(text).find()) {
            return new Recurring(Recurrence.QUARTERLY, null);
        }
        if (EVERY_HALF_YEAR.matcher(text).find()) {
            return new Recurring(Recurrence.SEMIANNUAL, null);
        }
        Matcher times = TIMES_A_YEAR.matcher(text);
        if (times.find()) {
            // 每年不少于N次: a count per calendar year, not a period
            String n = times.group(1);
            int count = Character.isDigit(n.charAt(0)) ? Integer.parseInt(n) : " 一二三四".indexOf(n.replace('两', '二'));
            return new Recurring(Recurrence.TIMES_PER_YEAR, count);
        }
        return new Recurring(null, null);
    }

    private static StatedDate later(StatedDate a, StatedDate b) {
        return a == null || b.date.isAfter(a.date) ? b : a;
    }

    private static String previousNonBlank(String[] lines, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (!lines[i].isEmpty()) {
                return lines[i];
            }
        }
        return null;
    }

    private static int numeral(String chinese) {
        String digits = "一二三四五六七八九";
        if (chinese.equals("十")) {
            return 10;
        }
        if (chinese.startsWith("十")) {
            return 10 + digits.indexOf(chinese.charAt(1)) + 1;
        }
        if (chinese.endsWith("十")) {
            return (digits.indexOf(chinese.charAt(0)) + 1) * 10;
        }
        if (chinese.length() == 3) {
            return (digits.indexOf(chinese.charAt(0)) + 1) * 10 + digits.indexOf(chinese.charAt(2)) + 1;
        }
        return digits.indexOf(chinese.charAt(0)) + 1;
    }

    private static LocalDate monthEnd(int line, String year, String month) {
        try {
            return YearMonth.of(Integer.parseInt(year), Integer.parseInt(month)).atEndOfMonth();
        } catch (java.time.DateTimeException e) {
            throw new NoticeFormatException(line, "not a month: " + year + "年" + month + "月");
        }
    }

    private static LocalDate date(int line, String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (java.time.DateTimeException e) {
            throw new NoticeFormatException(line, "not a date: " + year + "年" + month + "月" + day + "日");
        }
    }

    private static List<String> names(String list) {
        return Arrays.stream(LIST_SEPARATOR.split(list.strip())).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private record Deadline(LocalDate date, String source) {
    }

    private record StatedDate(LocalDate date, String source) {
    }

    private static final class RawMeasure {
        final int line;
        final int section;
        final String sectionTitle;
        final int number;
        String text;

        RawMeasure(int line, int section, String sectionTitle, int number, String text) {
            this.line = line;
            this.section = section;
            this.sectionTitle = sectionTitle;
            this.number = number;
            this.text = text;
        }

        ParsedNotice.Measure toMeasure(Deadline deadline) {
            Matcher responsibility = RESPONSIBILITY.matcher(text);
            if (!responsibility.find()) {
                throw new NoticeFormatException(line, "measure " + number + " names no leaders and lead units");
            }
            String body = text.substring(0, responsibility.start());
            Matcher end = SENTENCE_END.matcher(body);
            String title = end.find() ? body.substring(0, end.start()).strip() : body.strip();
            if (title.isEmpty()) {
                throw new NoticeFormatException(line, "measure " + number + " has no title sentence");
            }
            List<String> leaders = names(responsibility.group(1));
            List<String> units = names(responsibility.group(2));
            StatedDate stated = statedDate(line, body);
            LocalDate due = stated != null ? stated.date : deadline.date;
            DueDateBasis basis = stated != null
                    ? new DueDateBasis(DueDateBasis.Rule.STATED_IN_MEASURE, stated.source)
                    : new DueDateBasis(DueDateBasis.Rule.PLAN_DEADLINE, deadline.source);
            Recurring recurring = recurrence(body);
            return new ParsedNotice.Measure(line, section, sectionTitle, number, title, text.strip(), leaders, units,
                                            due, basis, recurring.recurrence(), recurring.timesPerYear());
        }
    }
}
