package ledger.query.page;

import ledger.query.support.QueryServiceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard page and its assets answer without a token, under a strict Content-Security-Policy
 * that lets the page connect to the configured identity provider; the API stays behind the token.
 */
// a context of its own (other settings): closed after the class, while the database still runs, not at JVM exit
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"ledger.ui.issuer-uri=https://id.example.gov.cn:8443/realms/ledger/",
                                  "ledger.ui.client-id=office-dashboard"})
class PageResourcesTest extends QueryServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/app/main.js", "/app/sse.js", "/app/styles.css",
                            "/vendor/echarts/echarts.min.js", "/ui/config.json"})
    void thePageAndItsAssetsAnswerWithoutATokenUnderTheStrictPolicy(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(policy.split(";\\s*")).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                                                   "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                                                   "connect-src 'self' https://id.example.gov.cn:8443");
        assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*");
    }

    @Test
    void thePageHoldsNoInlineScriptOrStyleAndLoadsNothingFromOutside() throws Exception {
        String page = get("/").body();
        assertThat(page).contains("<script type=\"module\" src=\"/app/main.js\"></script>")
                        .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                        .doesNotContain("<style").doesNotContain("style=")
                        .doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void theConfigurationNamesTheIdentityProviderAndThePublicClient() throws Exception {
        HttpResponse<String> response = get("/ui/config.json");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.body()).contains("\"issuer\":\"https://id.example.gov.cn:8443/realms/ledger\"")
                                   .contains("\"clientId\":\"office-dashboard\"")
                                   .contains("\"zone\":\"Asia/Shanghai\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/measures", "/api/v1/dashboard/summary", "/app/../api/v1/measures"})
    void theApiStaysBehindTheToken(String path) throws Exception {
        assertThat(get(path).statusCode()).isIn(400, 401);
    }

    @Test
    void theApiDoesNotCarryThePagePolicy() throws Exception {
        assertThat(get("/api/v1/measures").headers().firstValue("Content-Security-Policy")).isEmpty();
    }
}
