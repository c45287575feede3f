package ledger.command.config;

import ledger.command.support.LedgerApiTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI description documents every command endpoint of the contract. */
class OpenApiTest extends LedgerApiTest {

    @Test
    void everyCommandEndpointIsDescribed() {
        var client = supervisor();
        var request = HttpRequest.newBuilder(URI.create(client.baseUrl() + "/v3/api-docs"));
        client.defaultHeaders().forEach(request::header);
        var response = client.send(request.build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("paths").fieldNames()).toIterable().contains(
                "/api/v1/measures",
                "/api/v1/measures/{measureId}/plan",
                "/api/v1/measures/{measureId}/progress",
                "/api/v1/measures/{measureId}/verification",
                "/api/v1/measures/{measureId}/escalations",
                "/api/v1/measures/{measureId}/escalations/resolve",
                "/api/v1/measures/{measureId}/due-date");
    }
}
