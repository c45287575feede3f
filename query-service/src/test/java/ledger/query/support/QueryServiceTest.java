package ledger.query.support;

import ledger.query.QueryServiceApplication;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of query-service tests: the whole service on a real PostgreSQL whose event store schema
 * exists (as command-service would have made it), with the clock fixed at {@link #TODAY}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {QueryServiceApplication.CONFIG_NAME, QueryServiceTest.WEBHOOK_ATTEMPTS,
                        QueryServiceTest.WEBHOOK_RETRY_INITIAL, QueryServiceTest.WEBHOOK_RETRY_MAX,
                        QueryServiceTest.WEBHOOK_POLL})
@Import(QueryServiceTest.FixedClock.class)
public abstract class QueryServiceTest {

    /*
     * Webhook deliveries as every context of the test JVM sends them: they share one database, so
     * any context's sender may take a delivery, and each must retry alike. A dead letter after
     * three attempts, 100 and 200 ms apart.
     */
    public static final String WEBHOOK_ATTEMPTS = "ledger.webhooks.max-attempts=3";
    public static final String WEBHOOK_RETRY_INITIAL = "ledger.webhooks.retry.initial=100ms";
    public static final String WEBHOOK_RETRY_MAX = "ledger.webhooks.retry.max=200ms";
    public static final String WEBHOOK_POLL = "ledger.webhooks.poll-interval=50ms";

    /** 2016-09-01 in Guangdong: before the plan-wide deadline of 2016-10-31. */
    public static final Instant TODAY = Instant.parse("2016-09-01T02:00:00Z");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    private ApplicationContext context;
    /** Events stored as command-service stores them, each test's own. */
    protected StoredEvents events;

    @BeforeEach
    void storedEvents() {
        events = new StoredEvents(context);
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.migrateEventStore();
        registry.add("spring.datasource.url", TestDatabase::jdbcUrl);
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
    }

    /** Asserts a problem+json answer of this status and type, and gives it. */
    protected static JsonNode problem(HttpResponse<String> response, int status, String type) throws IOException {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.uri().toString())
                .hasValueSatisfying(value -> assertThat(value).startsWith("application/problem+json"));
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("type").asText()).as(response.uri().toString()).isEqualTo("urn:ledger:problem:" + type);
        return problem;
    }

    /** A request with a token of this role (actor {@code <role>-1}; a UNIT's unit 省财政厅), JSON if a body is given. */
    protected HttpResponse<String> request(String method, String path, String role, String json)
            throws IOException, InterruptedException {
        return request(method, path, role.toLowerCase() + "-1", role, json);
    }

    protected HttpResponse<String> request(String method, String path, String actor, String role, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestTokens.token(actor, role, role.equals("UNIT") ? "省财政厅" : null))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                                             : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts an answer of this status, and gives its JSON body. */
    protected static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        return new ObjectMapper().readTree(response.body());
    }

    protected static String freshPlanId() {
        return "q-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(TODAY, ZoneId.of("Asia/Shanghai"));
        }
    }
}
