package ledger.query.stream;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.EventStreamClient.Event;

import java.util.List;

/** The stream's measure events, each as {@code measureId@position percent%}: what a test compares. */
final class MeasureRows {

    private MeasureRows() {
    }

    static String row(Event event) {
        JsonNode row = event.json();
        return row.get("measureId").asText() + "@" + event.id() + " " + row.get("percentComplete").asInt() + "%";
    }

    /** The measure events of one measure among these events. */
    static List<String> of(List<Event> events, String measureId) {
        return events.stream().filter(event -> event.name().equals("measure")).map(MeasureRows::row)
                     .filter(row -> row.startsWith(measureId + "@")).toList();
    }
}
