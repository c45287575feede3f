package ledger.command.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.command.support.LedgerApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With structured logging on ({@code LEDGER_LOG_FORMAT=ecs}), a line is one JSON object, and a
 * line logged on a command's path names the request's correlation id, the actor and the measure
 * as fields of their own: from the security check's refusal to the refusal decided by the
 * Measure aggregate.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "logging.structured.format.console=ecs")
class LogContextTest extends LedgerApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Spring Boot configures logging once per JVM (other tests' contexts came first): forget that, so
        // this test's context sets it up with its own format
        LoggingSystem.get(LogContextTest.class.getClassLoader()).cleanUp();
    }

    /** ... and the contexts after this one set it up with theirs again. */
    @AfterAll
    static void forgetTheFormat() {
        LoggingSystem.get(LogContextTest.class.getClassLoader()).cleanUp();
    }

    @Test
    void everyLineOfACommandsPathCarriesItsCorrelationIdActorAndMeasure(CapturedOutput output) throws Exception {
        String planId = registeredPlanId();
        String measureId = planId + "-1";
        assertThat(supervisor().post("/api/v1/measures", assignBody(planId, 1)).status()).isEqualTo(201);

        // refused by the Measure aggregate: the unit does not lead this measure
        var refused = unit("省财政厅").post("/api/v1/measures/" + measureId + "/plan", "{\"summary\":\"越权\"}",
                                         "X-Correlation-Id", "log-test-aggregate");
        assertThat(refused.status()).isEqualTo(403);
        // refused by the security check: a lead unit may not escalate
        var forbidden = unit("省府办公厅").post("/api/v1/measures/" + measureId + "/escalations",
                                             "{\"reason\":\"MANUAL\"}", "X-Correlation-Id", "log-test-403");
        assertThat(forbidden.status()).isEqualTo(403);

        JsonNode decided = line(output, "log-test-aggregate");
        assertThat(decided.path("actorId").asText()).isEqualTo("clerk-1");
        assertThat(decided.path("actorRole").asText()).isEqualTo("UNIT");
        assertThat(decided.path("measureId").asText()).isEqualTo(measureId);
        assertThat(decided.path("message").asText()).contains("refused");

        JsonNode refusal = line(output, "log-test-403");
        assertThat(refusal.path("actorId").asText()).isEqualTo("clerk-1");
        assertThat(refusal.path("measureId").asText()).isEqualTo(measureId);
        assertThat(refusal.path("message").asText()).contains("refused POST");

        // and the answer names the same correlation id the events and the log do
        assertThat(supervisor().post("/api/v1/measures/" + measureId + "/escalations", "{\"reason\":\"MANUAL\"}",
                                     "X-Correlation-Id", "log-test-200").header("X-Correlation-Id"))
                .isEqualTo("log-test-200");
        assertThat(jdbc.queryForObject("""
                SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId' FROM event_store.domain_event_entry
                WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1""", String.class, measureId))
                .isEqualTo("log-test-200");
    }

    /** The JSON line whose correlation id is the given one; every line logged is JSON. */
    private static JsonNode line(CapturedOutput output, String correlationId) throws Exception {
        List<String> lines = output.getOut().lines().filter(l -> l.contains("\"" + correlationId + "\"")).toList();
        assertThat(lines).as("lines with correlation id " + correlationId).isNotEmpty();
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.path("correlationId").asText()).isEqualTo(correlationId);
        return line;
    }
}
