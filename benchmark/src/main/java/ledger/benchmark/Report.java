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
     * @param goal    issue 8's goal for it, null where it sets none
     * @param met     whether the goal was met, null where there is none
     * @param figures the numbers behind the row, for the JSON file
     */
    record Row(String measurement, String setting, String ledger, String baseline, Double ratio, String goal,
               Boolean met, Map<String, Object> figures) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.err.printf("%s, %s: %s %s%n", row.measurement(), row.setting(), row.ledger(), row.baseline());
    }

    String markdown() {
        StringBuilder table = new StringBuilder("""
                | measurement | setting | ledger | baseline, same run | ledger/baseline | goal | met |
                | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (Row row : rows) {
            table.append(String.join(" | ", "| " + row.measurement(), row.setting(), row.ledger(),
                                     row.baseline().isEmpty() ? "–" : row.baseline(),
                                     row.ratio() == null ? "–" : format("%.2fx", row.ratio()),
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
        return format("%,.0f %s (p50 %.2f ms, p99 %.2f ms)", outcome.perSecond(), unit, outcome.p50(), outcome.p99())
               + (outcome.errors() > 0 ? format(", %,d errors", outcome.errors()) : "");
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
