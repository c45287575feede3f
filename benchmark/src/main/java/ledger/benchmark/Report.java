package ledger.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's rows: a Markdown table for people, JSON for machines. */
final class Report {

    /**
     * @param ratio   ledger beside its baseline (rates), when there is a baseline
     * @param goal    the goal for it (issues 8 and 15), null where none is set
     * @param met     whether the goal was met, null where there is none; never with errors
     * @param errors  failed or abandoned operations (the ledger's and its baseline's), null where
     *                nothing is counted
     * @param figures the numbers behind the row, for the JSON file
     */
    record Row(String measurement, String setting, String ledger, String baseline, Double ratio, String goal,
               Boolean met, Long errors, Map<String, Object> figures) {

        Row {
            if (met != null && errors != null && errors > 0) {
                met = false; // a goal is met only with no errors
            }
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.err.printf("%s, %s: %s %s%n", row.measurement(), row.setting(), row.ledger(), row.baseline());
    }

    String markdown() {
        StringBuilder table = new StringBuilder("""
                | measurement | setting | ledger | baseline, same run | ledger/baseline | errors | goal | met |
                | --- | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (Row row : rows) {
            table.append(String.join(" | ", "| " + row.measurement(), row.setting(), row.ledger(),
                                     row.baseline().isEmpty() ? "–" : row.baseline(),
                                     row.ratio() == null ? "–" : format("%.2fx", row.ratio()),
                                     row.errors() == null ? "–" : format("%,d", row.errors()),
                                     row.goal() == null ? "none set" : row.goal(),
                                     row.met() == null ? "–" : row.met() ? "yes" : "**no**")).append(" |\n");
        }
        return table.toString();
    }

    String json(Map<String, Object> run) throws JsonProcessingException {
        Map<String, Object> document = new LinkedHashMap<>(run);
        document.put("rows", rows);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
    }

    static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }

    static String latencies(Load.Outcome outcome) {
        return format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms", outcome.p50(), outcome.p99(), outcome.p999());
    }

    static String throughput(Load.Outcome outcome, String unit) {
        return format("%,.0f %s (p50 %.2f ms, p99 %.2f ms)", outcome.perSecond(), unit, outcome.p50(), outcome.p99());
    }

    static Map<String, Object> figures(Load.Outcome outcome) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("operations", outcome.operations());
        figures.put("perSecond", outcome.perSecond());
        figures.put("p50Ms", outcome.p50());
        figures.put("p99Ms", outcome.p99());
        figures.put("p999Ms", outcome.p999());
        figures.put("errors", outcome.errors());
        return figures;
    }
}
