package ledger.query.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.query.support.QueryServiceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks from an event stored to a receiver's answer, in this service alone: the outbox
 * processor queues what a subscription wants (its event types, its lead units), a sender POSTs it
 * signed as docs/WEBHOOKS.md says, retries a failure after the back-off, gives it up as a dead
 * letter after the attempts configured (three here, QueryServiceTest), and an ADMIN sends it again.
 */
class WebhookDeliveryTest extends QueryServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Receiver receiver;

    private final List<Long> subscriptions = new ArrayList<>();

    @BeforeAll
    static void receiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** Nothing more is queued for this test's receiver once it is gone. */
    @AfterEach
    void unsubscribe() throws Exception {
        for (long id : subscriptions) {
            assertThat(request("DELETE", "/api/v1/admin/webhooks/" + id, "ADMIN", null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void aSubscriptionGetsItsLeadUnitsEventsSignedWithItsSecretAsTheAuditFeedShowsThem() throws Exception {
        String plan = freshPlanId();
        String path = "/" + plan + "/finance";
        JsonNode subscription = subscribe(path, List.of("MeasureAssigned", "ProgressReported"), List.of("省财政厅"));
        String secret = subscription.get("secret").asText();
        // measure 1 is not led by 省财政厅, and its events come first: none may be queued for it
        events.assigned(plan, 1, "省府办公厅");
        events.reported(plan + "-1", 10);
        long assigned = events.assigned(plan, 2, "省府办公厅", "省财政厅");
        long reported = events.reported(plan + "-2", 20);

        String log = "/api/v1/admin/webhooks/" + subscription.get("id").asLong() + "/deliveries";
        await().atMost(WAIT)
               .until(() -> json(request("GET", log + "?state=DELIVERED", "ADMIN", null), 200).size() == 2);
        JsonNode deliveries = json(request("GET", log, "ADMIN", null), 200);
        assertThat(deliveries).extracting(d -> d.get("measureId").asText() + " " + d.get("eventType").asText() + " "
                                               + d.get("position").asLong() + " " + d.get("state").asText())
                              .containsExactly(plan + "-2 ProgressReported " + reported + " DELIVERED",
                                               plan + "-2 MeasureAssigned " + assigned + " DELIVERED");

        List<Receiver.Request> received = receiver.received(path);
        assertThat(received).extracting(r -> r.json().get("position").asLong()).containsExactly(assigned, reported);
        for (int i = 0; i < received.size(); i++) {
            Receiver.Request delivery = received.get(i);
            JsonNode body = delivery.json();
            // Stripe's scheme over the exact bytes (WebhookSignerTest: the MAC as openssl computes it); t is
            // the sending node's second, which any context of this JVM may be
            String signature = delivery.header("Ledger-Signature");
            assertThat(signature).matches("t=\\d{10},v1=[0-9a-f]{64}");
            long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
            assertThat(signature).isEqualTo(WebhookSigner.header(secret, t, delivery.body()));
            assertThat(WebhookSigner.header("whsec_another", t, delivery.body())).isNotEqualTo(signature);
            assertThat(delivery.header("Ledger-Event-Id")).isEqualTo(body.get("eventId").asText());
            assertThat(delivery.header("Ledger-Event-Type")).isEqualTo(body.get("type").asText());
            assertThat(delivery.header("Ledger-Delivery-Id"))
                    .isEqualTo(deliveries.get(deliveries.size() - 1 - i).get("id").asText());
            assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
            JsonNode feed = json(request("GET", "/api/v1/audit/events?after=" + (body.get("position").asLong() - 1)
                                                + "&limit=1", "AUDITOR", null), 200);
            assertThat(body).isEqualTo(feed.get("events").get(0));
        }
        assertThat(received.get(0).json().get("payload").get("leadUnits")).extracting(JsonNode::asText)
                                                                          .containsExactly("省府办公厅", "省财政厅");
    }

    @Test
    void aFailingDeliveryIsRetriedAfterTheBackOffThenDeadAndAnAdminSendsItAgain() throws Exception {
        String plan = freshPlanId();
        String path = "/" + plan + "/down";
        receiver.answer(path, 500, "receiver down");
        long subscription = subscribe(path, List.of("ProgressReported"), List.of()).get("id").asLong();
        events.assigned(plan, 1, "省编办");
        long reported = events.reported(plan + "-1", 10);

        String deadLetters = "/api/v1/admin/webhooks/dead-letters?subscription=" + subscription;
        await().atMost(WAIT).until(() -> json(request("GET", deadLetters, "ADMIN", null), 200).size() == 1);
        JsonNode dead = json(request("GET", deadLetters, "ADMIN", null), 200).get(0);
        long delivery = dead.get("id").asLong();
        assertThat(dead.get("measureId").asText()).isEqualTo(plan + "-1");
        assertThat(dead.get("position").asLong()).isEqualTo(reported);
        assertThat(dead.get("state").asText()).isEqualTo("DEAD");
        assertThat(dead.get("attempts").asInt()).isEqualTo(3);
        assertThat(dead.get("lastStatus").asInt()).isEqualTo(500);
        JsonNode attempts = dead.get("log");
        assertThat(attempts).extracting(a -> a.get("attempt").asInt() + " " + a.get("status").asInt() + " "
                                             + a.get("response").asText())
                            .containsExactly("1 500 receiver down", "2 500 receiver down", "3 500 receiver down");
        // each retry waited its back-off: 100 ms, then twice that
        assertThat(between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(receiver.received(path)).hasSize(3)
                .allSatisfy(r -> assertThat(r.header("Ledger-Delivery-Id")).isEqualTo(Long.toString(delivery)))
                .allSatisfy(r -> assertThat(r.header("Ledger-Event-Id")).isEqualTo(dead.get("eventId").asText()));

        // only an ADMIN sends a dead letter again
        String resend = "/api/v1/admin/webhooks/dead-letters/" + delivery + "/resend";
        problem(request("POST", resend, "SUPERVISOR", null), 403, "forbidden");
        receiver.answer(path, 200, "ok");
        JsonNode queued = json(request("POST", resend, "ADMIN", null), 202);
        assertThat(queued.get("id").asLong()).isEqualTo(delivery);
        assertThat(queued.get("state").asText()).isEqualTo("PENDING");

        String delivered = "/api/v1/admin/webhooks/" + subscription + "/deliveries?state=DELIVERED";
        await().atMost(WAIT).until(() -> json(request("GET", delivered, "ADMIN", null), 200).size() == 1);
        JsonNode sent = json(request("GET", delivered, "ADMIN", null), 200).get(0);
        assertThat(sent.get("id").asLong()).isEqualTo(delivery);
        assertThat(sent.get("attempts").asInt()).as("counted afresh").isEqualTo(1);
        assertThat(sent.get("log")).extracting(a -> a.get("attempt").asInt() + " " + a.get("status").asInt())
                                   .containsExactly("1 500", "2 500", "3 500", "1 200");
        assertThat(receiver.received(path)).hasSize(4);
        assertThat(json(request("GET", deadLetters, "ADMIN", null), 200)).isEmpty();

        JsonNode notDead = problem(request("POST", resend, "ADMIN", null), 404, "unknown-webhook");
        assertThat(notDead.get("detail").asText()).isEqualTo("delivery " + delivery + " is not a dead letter");
    }

    private static Duration between(JsonNode attempt, JsonNode next) {
        return Duration.between(Instant.parse(attempt.get("at").asText()), Instant.parse(next.get("at").asText()));
    }

    private JsonNode subscribe(String path, List<String> types, List<String> units) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", receiver.url(path));
        body.put("eventTypes", types);
        body.put("leadUnits", units);
        JsonNode created = json(request("POST", "/api/v1/admin/webhooks", "ADMIN",
                                        new ObjectMapper().writeValueAsString(body)), 201);
        subscriptions.add(created.get("id").asLong());
        return created;
    }
}
