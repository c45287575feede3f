package ledger.query.bulletin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.query.support.QueryServiceTest;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plan's events as stored over the ledger's life: revision 1 of MeasureAssigned and
 * ProgressReported (read through the upcasters) beside the current revision (read straight by the
 * mapper) give the same plan at an instant.
 */
class OlderRevisionsTest extends QueryServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private void store(String aggregate, long sequence, String type, String revision, String payload, String at) {
        jdbc.update("""
                INSERT INTO event_store.domain_event_entry (aggregate_identifier, sequence_number, type,
                    event_identifier, payload, payload_type, payload_revision, meta_data, time_stamp)
                VALUES (?, ?, 'Measure', ?, ?, ?, ?, ?, ?)""", aggregate, sequence,
                    aggregate + "-e" + sequence, payload.getBytes(StandardCharsets.UTF_8), type, revision,
                    "{\"actorId\":\"clerk-1\",\"actorRole\":\"UNIT\",\"actorUnit\":\"省政府办公厅\"}"
                            .getBytes(StandardCharsets.UTF_8), at);
    }

    private void measure(String planId, int number, boolean old) {
        String id = planId + "-" + number;
        String assigned = """
                {"measureId":"%s","planId":"%s","section":1,"sectionTitle":"（一）","number":%d,"title":"措施",
                 "description":"内容","leaders":["朱小丹"],"leadUnits":["省政府办公厅"],"dueDate":"2016-10-31",
                 "recurrence":null,"dueDateBasis":null%s}""".formatted(id, planId, number,
                                                                      old ? "" : ",\"timesPerYear\":null,\"remindDaysBefore\":null");
        store(id, 0, "MeasureAssigned", old ? "1" : "2", assigned, "2016-01-16T02:00:00.000Z");
        store(id, 1, "ImplementationPlanSubmitted", "1",
              "{\"measureId\":\"" + id + "\",\"summary\":\"方案\",\"milestones\":[],\"responsiblePersons\":[]}",
              "2016-03-01T02:00:00.000Z");
        String report = "{\"measureId\":\"" + id + "\",\"percentComplete\":40,\"summary\":\"过半\",\"evidence\":[]"
                        + (old ? "}" : ",\"milestone\":null}");
        store(id, 2, "ProgressReported", old ? "1" : "2", report, "2016-03-02T02:00:00.000Z");
    }

    @Test
    void olderRevisionsAreReadThroughTheUpcastersAndGiveTheSameMeasure() throws Exception {
        String planId = freshPlanId();
        measure(planId, 1, true);
        measure(planId, 2, false);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/v1/plans/" + planId + "/status?asOf=2016-06-01"))
                .header("Authorization", "Bearer " + TestTokens.token("reader-1", "READER", null)).build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("measures")).hasSize(2);
        });
        JsonNode measures = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
                                .get("measures");
        for (JsonNode m : measures) {
            assertThat(m.get("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(m.get("percentComplete").asInt()).isEqualTo(40);
            assertThat(m.get("version").asInt()).isEqualTo(2);
            assertThat(m.get("leadUnits").get(0).asText()).isEqualTo("省政府办公厅");
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) measures.get(0)).remove(java.util.List.of("measureId", "number"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) measures.get(1)).remove(java.util.List.of("measureId", "number"));
        assertThat(measures.get(0)).isEqualTo(measures.get(1));
    }
}
