package ledger.support.openapi;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed examples of request bodies are JSON where they say so, about the seed plan's measure 18. */
class SeedExamplesTest {

    @Test
    void theJsonBodiesAreJsonAboutMeasure18() {
        Object assign = SeedExamples.body("POST", "/api/v1/measures", "application/json");
        assertThat(assign).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) assign).get("number")).isEqualTo(18);
        assertThat(((Map<?, ?>) assign).get("leadUnits").toString()).contains("省财政厅");
        for (String path : new String[]{"/api/v1/commands", "/api/v1/plans/import", "/api/v1/admin/webhooks",
                "/api/v1/measures/{measureId}/progress"}) {
            assertThat(SeedExamples.body("POST", path, "application/json")).as(path).isNotNull()
                                                                            .isNotInstanceOf(String.class);
        }
        assertThat((String) SeedExamples.body("POST", "/api/v1/commands", "application/x-ndjson"))
                .contains("\"measureId\":\"gd-2016-18\"").endsWith("}\n");
        assertThat(SeedExamples.body("GET", "/api/v1/measures", "application/json")).isNull();
    }
}
