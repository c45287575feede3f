package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import ledger.query.notify.OutboxProcessor;
import ledger.query.notify.WebhookSender;
import ledger.testing.TestDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks through the real stack: an ADMIN registers subscriptions on query-service, commands go
 * to command-service, and a receiver in the test (WireMock, real HTTP) gets signed POSTs, each
 * measure's in order, retried after 500s, dead-lettered after the limit and sent again by an
 * ADMIN, with nothing lost across a restart of the query-service node that delivers.
 */
class WebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fast retries, so that a dead letter comes within seconds: 100, 200, 400, 400 ms between 5 attempts. */
    private static final String[] DELIVERING = {"--ledger.webhooks.retry.initial=100ms",
            "--ledger.webhooks.retry.max=400ms", "--ledger.webhooks.max-attempts=5",
            "--ledger.webhooks.poll-interval=50ms", "--ledger.webhooks.sender-threads=2"};
    private static final String ADMIN = "Bearer " + TestTokens.token("admin-1", "ADMIN", null);

    private static WireMockServer receiver;
    private static LedgerUnderTest ledger;
    /** The one query-service node that delivers (the ledger's own node has webhooks off). */
    private static LedgerUnderTest.QueryNode delivering;

    @BeforeAll
    static void start() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        ledger = LedgerUnderTest.withQueryArguments(TestDatabase.jdbcUrl("webhooks"), "--ledger.webhooks.enabled=false");
        delivering = ledger.startQueryNode(UnaryOperator.identity(), DELIVERING);
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
        receiver.stop();
    }

    @Test
    void signedInOrderPerMeasureRetriedAfter500sAndOnlyForTheLeadUnitsAsked() throws Exception {
        // the receiver fails the first three requests, then takes everything
        receiver.stubFor(post(urlEqualTo("/a")).inScenario("a").whenScenarioStateIs(Scenario.STARTED)
                                               .willReturn(serverError()).willSetStateTo("failed once"));
        receiver.stubFor(post(urlEqualTo("/a")).inScenario("a").whenScenarioStateIs("failed once")
                                               .willReturn(serverError()).willSetStateTo("failed twice"));
        receiver.stubFor(post(urlEqualTo("/a")).inScenario("a").whenScenarioStateIs("failed twice")
                                               .willReturn(serverError()).willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo("/a")).inScenario("a").whenScenarioStateIs("up")
                                               .willReturn(aResponse().withStatus(204)));
        JsonNode subscription = subscribe("/a", List.of("MeasureAssigned", "ImplementationPlanSubmitted",
                                                        "ProgressReported"), List.of("省财政厅"));
        String secret = subscription.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        // the secret is shown once: never in the list
        assertThat(admin("GET", "/api/v1/admin/webhooks", null).body()).doesNotContain(secret).contains("/a");

        String plan = ledger.registerPlan("hooks-" + UUID.randomUUID().toString().substring(0, 8));
        String finance = assign(plan, 1, "省财政厅", "省府办公厅");
        String office = assign(plan, 2, "省府办公厅");      // not led by 省财政厅: never sent to /a
        String second = assign(plan, 3, "省府办公厅", "省财政厅");
        for (String measure : List.of(finance, office, second)) {
            ok(ledger.command("/api/v1/measures/" + measure + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT"));
        }
        for (int percent = 10; percent <= 40; percent += 10) {
            for (String measure : List.of(finance, office, second)) {
                ok(ledger.command("/api/v1/measures/" + measure + "/progress",
                                  "{\"percentComplete\":" + percent + ",\"summary\":\"进展\"}", "clerk-1", "UNIT"));
            }
        }

        // assigned, plan, four reports: six events per measure, each answered 2xx once
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered("/a", finance).size() == 6
                                                           && delivered("/a", second).size() == 6);
        List<ServeEvent> received = received("/a");
        assertThat(received).allSatisfy(event -> assertThat(measureOf(event)).isNotEqualTo(office));
        for (ServeEvent event : received) {
            assertSigned(event, secret);
        }
        // each measure's events arrive in its order: a failed one is sent again before the next
        for (String measure : List.of(finance, second)) {
            List<Long> sequences = received.stream().filter(e -> measure.equals(measureOf(e)))
                                           .map(e -> body(e).get("sequence").asLong()).toList();
            assertThat(sequences).isSorted();
            assertThat(new LinkedHashSet<>(sequences)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(delivered("/a", measure)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        }

        // the body is the event exactly as the audit feed shows it
        JsonNode sent = body(received.get(received.size() - 1));
        String page = "/api/v1/audit/events?after=" + (sent.get("position").asLong() - 1) + "&limit=1";
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.query(page).json().get("events").size() == 1);
        assertThat(sent).isEqualTo(ledger.query(page).json().get("events").get(0));
        assertThat(received.get(received.size() - 1).getRequest().getHeader("Ledger-Event-Id"))
                .isEqualTo(sent.get("eventId").asText());

        // the delivery log shows each attempt and its answer: a delivery answered 500 was tried again
        // until the receiver took it, and the log holds the same 500s as the receiver saw
        JsonNode log = admin("GET", "/api/v1/admin/webhooks/" + subscription.get("id").asLong()
                                    + "/deliveries?limit=1000", null).json();
        long failures = received.stream().filter(e -> e.getResponse().getStatus() == 500).count();
        assertThat(failures).isGreaterThanOrEqualTo(3);
        int retried = 0;
        int logged500 = 0;
        for (JsonNode delivery : log) {
            List<String> statuses = delivery.get("log").findValuesAsText("status");
            assertThat(delivery.get("state").asText()).as(delivery.toString()).isEqualTo("DELIVERED");
            assertThat(statuses.get(statuses.size() - 1)).isEqualTo("204");
            assertThat(statuses.subList(0, statuses.size() - 1)).as(delivery.toString()).allMatch("500"::equals);
            retried += statuses.size() > 1 ? 1 : 0;
            logged500 += statuses.size() - 1;
        }
        assertThat(retried).isPositive();
        assertThat((long) logged500).isEqualTo(failures);
        assertThat(log).hasSize(12);
    }

    @Test
    void deadLetteredAfterTheLimitAndSentAgainByAnAdmin() throws Exception {
        receiver.stubFor(post(urlEqualTo("/b")).willReturn(serverError().withBody("receiver down")));
        JsonNode subscription = subscribe("/b", List.of("ProgressReported"), List.of());
        long id = subscription.get("id").asLong();
        String plan = ledger.registerPlan("dead-" + UUID.randomUUID().toString().substring(0, 8));
        String measure = assign(plan, 1, "省府办公厅");
        ok(ledger.command("/api/v1/measures/" + measure + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT"));
        ok(ledger.command("/api/v1/measures/" + measure + "/progress", "{\"percentComplete\":10,\"summary\":\"进展\"}",
                          "clerk-1", "UNIT"));

        await().atMost(Duration.ofSeconds(60))
               .until(() -> admin("GET", "/api/v1/admin/webhooks/dead-letters?subscription=" + id, null).json().size() == 1);
        JsonNode dead = admin("GET", "/api/v1/admin/webhooks/dead-letters?subscription=" + id, null).json().get(0);
        assertThat(dead.get("measureId").asText()).isEqualTo(measure);
        assertThat(dead.get("eventType").asText()).isEqualTo("ProgressReported");
        assertThat(dead.get("attempts").asInt()).isEqualTo(5);
        assertThat(dead.get("log").findValuesAsText("status")).containsExactly("500", "500", "500", "500", "500");
        assertThat(dead.get("log").get(0).get("response").asText()).isEqualTo("receiver down");
        assertThat(received("/b")).hasSize(5);

        // the receiver is back; an ADMIN sends the dead letter again
        receiver.stubFor(post(urlEqualTo("/b")).willReturn(aResponse().withStatus(200)));
        long delivery = dead.get("id").asLong();
        var resent = admin("POST", "/api/v1/admin/webhooks/dead-letters/" + delivery + "/resend", null);
        assertThat(resent.status()).as(resent.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> received("/b").stream()
                                                                        .anyMatch(e -> e.getResponse().getStatus() == 200));
        await().atMost(Duration.ofSeconds(10)).until(() -> admin("GET", "/api/v1/admin/webhooks/" + id
                                                                         + "/deliveries?state=DELIVERED", null).json().size() == 1);
        assertThat(admin("GET", "/api/v1/admin/webhooks/dead-letters?subscription=" + id, null).json()).isEmpty();
        assertSigned(received("/b").get(5), subscription.get("secret").asText());
        // only a dead letter can be sent again
        var again = admin("POST", "/api/v1/admin/webhooks/dead-letters/" + delivery + "/resend", null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).contains("urn:ledger:problem:unknown-webhook");

        // deleted: gone from the list, nothing more queued for it
        assertThat(admin("DELETE", "/api/v1/admin/webhooks/" + id, null).status()).isEqualTo(204);
        assertThat(admin("GET", "/api/v1/admin/webhooks/" + id, null).status()).isEqualTo(404);
        assertThat(admin("DELETE", "/api/v1/admin/webhooks/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void noDeliveryIsLostWhileTheDeliveringQueryServiceRestarts() throws Exception {
        receiver.stubFor(post(urlEqualTo("/c")).willReturn(aResponse().withStatus(200)));
        JsonNode subscription = subscribe("/c", List.of("ProgressReported"), List.of("省财政厅"));
        String plan = ledger.registerPlan("restart-" + UUID.randomUUID().toString().substring(0, 8));
        String measure = assign(plan, 1, "省财政厅", "省府办公厅");
        ok(ledger.command("/api/v1/measures/" + measure + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT"));
        for (int percent = 1; percent <= 3; percent++) {
            report(measure, percent);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered("/c", measure).size() == 3);

        // the ledger's own query node leaves webhooks to the others: with the delivering node gone, none sends
        var own = ledger.queryNode().context();
        assertThat(own.getBeanProvider(WebhookSender.class).getIfAvailable()).isNull();
        assertThat(own.getBean(EventProcessingConfiguration.class)
                      .eventProcessor(OutboxProcessor.PROCESSING_GROUP)).isEmpty();
        delivering.close();
        for (int percent = 4; percent <= 8; percent++) {
            report(measure, percent);   // committed while no node delivers
        }
        delivering = ledger.startQueryNode(UnaryOperator.identity(), DELIVERING);

        // plan = sequence 1, reports 2..9: every one, once, in order
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered("/c", measure).size() == 8);
        assertThat(delivered("/c", measure)).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        // the outbox processor caught up, its one segment claimed by the new node; asked of any node
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode outbox = admin("GET", "/api/v1/admin/webhooks/outbox", null).json();
            assertThat(outbox.get("lag").asLong()).as(outbox.toString()).isZero();
            assertThat(outbox.get("claims").get(0).get("live").asBoolean()).isTrue();
            assertThat(outbox.get("deliveries").get("DELIVERED").asLong()).isGreaterThanOrEqualTo(8);
        });
        assertThat(admin("GET", "/api/v1/admin/projections", null).body()).doesNotContain("webhook-outbox");
        for (ServeEvent event : received("/c")) {
            assertSigned(event, subscription.get("secret").asText());
        }
    }

    @Test
    void aReminderTo省财政厅ReachesItsOwnSystemOnly() throws Exception {
        receiver.stubFor(post(urlEqualTo("/czt")).willReturn(aResponse().withStatus(200)));
        JsonNode subscription = subscribe("/czt", List.of("MeasureReminded", "MeasureUrged"), List.of("省财政厅"));
        // a command node that fires deadlines: a reminder whose time has come at assignment fires at once
        ledger.startCommandNode("--ledger.deadlines.polling-interval=PT0.2S");
        String plan = ledger.registerPlan("remind-" + UUID.randomUUID().toString().substring(0, 8));
        String due = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(3).toString();
        String finance = assignDue(plan, 1, due, "省财政厅");
        String other = assignDue(plan, 2, due, "省府办公厅");

        await().atMost(Duration.ofSeconds(60)).until(() -> !received("/czt").isEmpty());
        JsonNode reminder = body(received("/czt").get(0));
        assertThat(reminder.get("aggregateId").asText()).isEqualTo(finance);
        assertThat(reminder.get("type").asText()).isEqualTo("MeasureReminded");
        assertThat(reminder.get("metadata").get("actorId").asText()).isEqualTo("system");
        assertThat(reminder.get("payload").get("dueDate").asText()).isEqualTo(due);
        assertSigned(received("/czt").get(0), subscription.get("secret").asText());
        // the other measure was reminded too, and its reminder delivered to no one here
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.database().queryForObject(
                "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type = 'MeasureReminded'", Long.class, other) > 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin("GET", "/api/v1/admin/webhooks/outbox", null).json()
                                                                .get("lag").asLong() == 0);
        assertThat(received("/czt")).noneMatch(event -> other.equals(measureOf(event)));
    }

    @Test
    void aBadSubscriptionIsRefusedAndNothingIsWritten() {
        long before = subscriptions();
        for (String body : List.of("{\"url\":\"ftp://x/y\",\"eventTypes\":[\"ProgressReported\"]}",
                                   "{\"url\":\"not a url\",\"eventTypes\":[\"ProgressReported\"]}",
                                   "{\"url\":\"http://u:p@localhost/x\",\"eventTypes\":[\"ProgressReported\"]}",
                                   "{\"url\":\"http://localhost/x\",\"eventTypes\":[]}",
                                   "{\"url\":\"http://localhost/x\",\"eventTypes\":[\"NoSuchEvent\"]}",
                                   "{\"url\":\"http://localhost/x\",\"eventTypes\":[\"ReportProgress\"]}",
                                   "{\"url\":\"http://localhost/x\",\"eventTypes\":[\"ProgressReported\"],\"secret\":\"x\"}",
                                   "{\"url\":\"http://localhost/x\",\"eventTypes\":[\"ProgressReported\"],\"leadUnits\":[1]}",
                                   "{\"url\":7,\"eventTypes\":[\"ProgressReported\"]}",
                                   "[]", "{")) {
            var answer = admin("POST", "/api/v1/admin/webhooks", body);
            assertThat(answer.status()).as(body + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(body).startsWith("application/problem+json");
        }
        assertThat(admin("GET", "/api/v1/admin/webhooks/abc/deliveries", null).status()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/admin/webhooks/999999/deliveries", null).status()).isEqualTo(404);
        assertThat(subscriptions()).isEqualTo(before);
    }

    private static long subscriptions() {
        return ledger.database().queryForObject("SELECT count(*) FROM webhook.subscription", Long.class);
    }

    private static JsonNode subscribe(String path, List<String> types, List<String> units) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", receiver.baseUrl() + path);
        request.put("eventTypes", types);
        if (!units.isEmpty()) {
            request.put("leadUnits", units);
        }
        var created = admin("POST", "/api/v1/admin/webhooks", JSON.writeValueAsString(request));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static LedgerUnderTest.Response admin(String method, String path, String body) {
        return ledger.request(false, method, path, body, ADMIN);
    }

    private static String assign(String plan, int number, String... units) throws IOException {
        return assignDue(plan, number, "2030-10-31", units);
    }

    private static String assignDue(String plan, int number, String dueDate, String... units) throws IOException {
        String body = """
                      {"planId":"%s","section":1,"number":%d,"title":"措施","leaders":["朱小丹"],
                       "leadUnits":%s,"dueDate":"%s"}""".formatted(plan, number, JSON.writeValueAsString(units), dueDate);
        var answer = ledger.command("/api/v1/measures", body, "office-1", "SUPERVISOR");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return plan + "-" + number;
    }

    private static void report(String measure, int percent) {
        ok(ledger.command("/api/v1/measures/" + measure + "/progress",
                          "{\"percentComplete\":" + percent + ",\"summary\":\"进展\"}", "clerk-1", "UNIT"));
    }

    private static void ok(LedgerUnderTest.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    /** What the receiver got at a path, in the order it got it. */
    private static List<ServeEvent> received(String path) {
        List<ServeEvent> events = new ArrayList<>(receiver.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events.stream().filter(e -> e.getRequest().getUrl().equals(path)).toList();
    }

    /** The sequence numbers of a measure's events the receiver answered 2xx, in the order it got them. */
    private static List<Long> delivered(String path, String measure) {
        return received(path).stream().filter(e -> e.getResponse().getStatus() / 100 == 2)
                             .filter(e -> measure.equals(measureOf(e)))
                             .map(e -> body(e).get("sequence").asLong()).toList();
    }

    private static String measureOf(ServeEvent event) {
        return body(event).get("aggregateId").asText();
    }

    private static JsonNode body(ServeEvent event) {
        try {
            return JSON.readTree(event.getRequest().getBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The receiver's check: the HMAC recomputed over "t.body" with the secret, a recent t, the event id. */
    private static void assertSigned(ServeEvent event, String secret) {
        String header = event.getRequest().getHeader("Ledger-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        String timestamp = header.substring(2, header.indexOf(','));
        String signature = header.substring(header.indexOf("v1=") + 3);
        assertThat(Instant.ofEpochSecond(Long.parseLong(timestamp)))
                .isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(5));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            assertThat(HexFormat.of().formatHex(mac.doFinal(event.getRequest().getBody()))).isEqualTo(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        assertThat(event.getRequest().getHeader("Ledger-Event-Id")).isEqualTo(body(event).get("eventId").asText());
        assertThat(event.getRequest().getHeader("Content-Type")).startsWith("application/json");
    }
}
