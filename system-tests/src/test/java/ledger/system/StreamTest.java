package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.query.WatchPlan;
import ledger.query.stream.api.OpenStreams;
import ledger.testing.EventStreamClient;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream over the real stack: a command over HTTP, its event in PostgreSQL, the status
 * projection, and the change on an open Server-Sent-Events stream; a reconnect with Last-Event-ID;
 * who may open one; a client that leaves.
 */
class StreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static LedgerUnderTest ledger;
    /** Each test's own plan of three measures, their plans submitted. */
    private String planId;

    @BeforeAll
    static void start() {
        // heartbeats often, so that a client that left is noticed within the test
        ledger = LedgerUnderTest.withQueryArguments(TestDatabase.jdbcUrl(), "--ledger.stream.heartbeat=200ms");
    }

    @BeforeEach
    void aPlanOfThreeMeasures() {
        planId = ledger.registerPlan("stream-" + UUID.randomUUID().toString().substring(0, 8));
        for (int number = 1; number <= 3; number++) {
            created(ledger.command("/api/v1/measures", """
                    {"planId":"%s","section":1,"sectionTitle":"第一部分","number":%d,"title":"措施%d",
                     "leaders":["朱小丹"],"leadUnits":["省府办公厅"],"dueDate":"2030-10-31"}"""
                    .formatted(planId, number, number), "office-1", "SUPERVISOR"));
            done(ledger.command("/api/v1/measures/" + measure(number) + "/plan", "{\"summary\":\"倒排工期\"}",
                                    "clerk-1", "UNIT"));
        }
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private String measure(int number) {
        return planId + "-" + number;
    }


    private void report(int number, int percent) {
        done(ledger.command("/api/v1/measures/" + measure(number) + "/progress",
                                "{\"percentComplete\":" + percent + ",\"summary\":\"进展\"}", "clerk-1", "UNIT"));
    }

    private EventStreamClient open(String role, String lastEventId) {
        return new EventStreamClient(ledger.queryUri("/api/v1/stream?planId=" + planId),
                                     TestTokens.token(role.toLowerCase() + "-1", role, null), lastEventId);
    }

    private static long lastPositionOf(String measureId) {
        return ledger.database().queryForObject(
                "SELECT max(global_index) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, measureId);
    }

    private static JsonNode json(EventStreamClient.Event event) {
        try {
            return JSON.readTree(event.data());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + event, e);
        }
    }

    /** A measure event of this measure at this percent. */
    private Predicate<EventStreamClient.Event> reported(int number, int percent) {
        return event -> event.name().equals("measure") && json(event).get("measureId").asText().equals(measure(number))
                        && json(event).get("percentComplete").asInt() == percent;
    }

    @Test
    void aCommandsChangeArrivesOnAnOpenStreamWithItsPositionAsId() throws Exception {
        try (EventStreamClient stream = open("READER", null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            EventStreamClient.Event ready = stream.nextNamed("ready", WAIT);
            assertThat(json(ready).get("planId").asText()).isEqualTo(planId);

            report(1, 40);

            // the row as it now is, with the position of the event as id; the plan's counts moved
            // (one measure in progress), so a summary showing it comes too, before or after the row
            List<EventStreamClient.Event> received = stream.collectUntil(
                    events -> events.stream().anyMatch(reported(1, 40))
                              && events.stream().anyMatch(StreamTest::oneInProgress), WAIT);
            EventStreamClient.Event change = received.stream().filter(reported(1, 40)).findFirst().orElseThrow();
            JsonNode row = json(change);
            assertThat(row.get("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(row.get("title").asText()).isEqualTo("措施1");
            assertThat(Long.parseLong(change.id())).isEqualTo(lastPositionOf(measure(1)))
                                                   .isGreaterThan(Long.parseLong(ready.id()));
            JsonNode summary = json(received.stream().filter(StreamTest::oneInProgress).findFirst().orElseThrow());
            assertThat(summary.get("planId").asText()).isEqualTo(planId);
            assertThat(summary.at("/totals/total").asInt()).isEqualTo(3);
            assertThat(received).filteredOn(event -> event.name().equals("summary"))
                                .allMatch(event -> event.id() == null, "a summary carries no id");
        }
    }

    private static boolean oneInProgress(EventStreamClient.Event event) {
        return event.name().equals("summary") && json(event).at("/totals/byStatus/IN_PROGRESS").asInt() == 1;
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheChangesItMissed() throws Exception {
        String lastSeen;
        try (EventStreamClient stream = open("SUPERVISOR", null)) {
            stream.nextNamed("ready", WAIT);
            report(2, 50);
            lastSeen = stream.nextMatching("measure", reported(2, 50), WAIT).id();
        }
        // while away: measure 3 reported, then measure 2 twice
        report(3, 30);
        report(2, 60);
        report(2, 70);
        long third = lastPositionOf(measure(3));
        long second = lastPositionOf(measure(2));
        // once the view has them all, a reconnect misses nothing of them (before, it would get
        // measure 2 at 60 %, then at 70 %: each a change it missed)
        await().atMost(WAIT).until(() -> ledger.query("/api/v1/measures/" + measure(2)).json()
                                               .get("percentComplete").asInt() == 70);

        try (EventStreamClient stream = open("SUPERVISOR", lastSeen)) {
            // what it missed (all of it before "ready" once the view has it, the rest right after),
            // then what happens while it is connected
            List<EventStreamClient.Event> missed = stream.collectUntil(
                    events -> events.stream().anyMatch(reported(2, 70)), WAIT);
            report(1, 90);
            List<EventStreamClient.Event> live = stream.collectUntil(
                    events -> events.stream().anyMatch(reported(1, 90)), WAIT);
            List<EventStreamClient.Event> measures = new ArrayList<>(missed);
            measures.addAll(live);
            measures.removeIf(event -> !event.name().equals("measure"));

            // each missed measure once, as it now is, in the order of the events that last changed
            // them; nothing it had seen; no duplicate
            assertThat(measures).extracting(e -> json(e).get("measureId").asText())
                                .containsExactly(measure(3), measure(2), measure(1));
            assertThat(measures).extracting(e -> json(e).get("percentComplete").asInt()).containsExactly(30, 70, 90);
            assertThat(measures).extracting(e -> Long.parseLong(e.id()))
                                .containsExactly(third, second, lastPositionOf(measure(1)));
            assertThat(Long.parseLong(measures.get(0).id())).isGreaterThan(Long.parseLong(lastSeen));
            List<EventStreamClient.Event> all = new ArrayList<>(missed);
            all.addAll(live);
            assertThat(all.stream().map(EventStreamClient.Event::name).toList().indexOf("ready"))
                    .as("ready, after what it missed, before what came later").isBetween(0, all.size() - 2);
        }
    }

    @Test
    void onlyTheRolesThatReadTheViewsMayOpenAStream() throws Exception {
        try (EventStreamClient noToken = new EventStreamClient(ledger.queryUri("/api/v1/stream?planId=" + planId),
                                                               "not-a-token", null)) {
            assertThat(noToken.status()).isEqualTo(401);
            assertThat(noToken.errorBody()).contains("urn:ledger:problem:unauthenticated");
        }
        try (EventStreamClient admin = open("ADMIN", null)) {
            assertThat(admin.status()).isEqualTo(403);
            assertThat(admin.errorBody()).contains("urn:ledger:problem:forbidden");
        }
        for (String role : List.of("READER", "AUDITOR", "SUPERVISOR")) {
            try (EventStreamClient allowed = open(role, null)) {
                assertThat(allowed.status()).as(role).isEqualTo(200);
                assertThat(allowed.nextNamed("ready", WAIT)).isNotNull();
            }
        }
        try (EventStreamClient unit = new EventStreamClient(ledger.queryUri("/api/v1/stream?planId=" + planId),
                                                            TestTokens.token("clerk-1", "UNIT", "省府办公厅"), null)) {
            assertThat(unit.status()).isEqualTo(200);
        }
    }

    @Test
    void aStreamEndsWhenItsTokenIsRevoked() throws Exception {
        String token = TestTokens.token("reader-7", "READER", null);
        String tokenId = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        try (EventStreamClient stream = new EventStreamClient(ledger.queryUri("/api/v1/stream?planId=" + planId),
                                                              token, null)) {
            stream.nextNamed("ready", WAIT);
            var revoked = ledger.request(false, "POST", "/api/v1/admin/revocations",
                                         "{\"jti\":\"" + tokenId + "\",\"reason\":\"stolen\"}",
                                         "Bearer " + TestTokens.token("admin-1", "ADMIN", null));
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
            await().atMost(WAIT).until(stream::ended);
        }
        // and it cannot come back with that token
        try (EventStreamClient again = new EventStreamClient(ledger.queryUri("/api/v1/stream?planId=" + planId),
                                                             token, null)) {
            assertThat(again.status()).isEqualTo(401);
        }
    }

    @Test
    void aBadPlanOrLastEventIdIsA400Problem() {
        try (EventStreamClient badId = open("READER", "yesterday")) {
            assertThat(badId.status()).isEqualTo(400);
            assertThat(badId.header("Content-Type")).startsWith("application/problem+json");
            assertThat(badId.errorBody()).contains("Last-Event-ID");
        }
        try (EventStreamClient badPlan = new EventStreamClient(ledger.queryUri("/api/v1/stream?planId=%20"),
                                                               TestTokens.token("reader-1", "READER", null), null)) {
            assertThat(badPlan.status()).isEqualTo(400);
            assertThat(badPlan.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    @Test
    void aClientThatLeavesFreesItsStreamAndItsSubscription() throws Exception {
        OpenStreams streams = ledger.queryBean(OpenStreams.class);
        QueryUpdateEmitter emitter = ledger.queryBean(QueryUpdateEmitter.class);
        String otherPlan = ledger.registerPlan("stream-left-" + UUID.randomUUID().toString().substring(0, 8));
        EventStreamClient stream = new EventStreamClient(ledger.queryUri("/api/v1/stream?planId=" + otherPlan),
                                                         TestTokens.token("reader-1", "READER", null), null);
        stream.nextNamed("ready", WAIT);
        assertThat(streams.count()).isPositive();
        assertThat(watching(emitter, otherPlan)).isEqualTo(1);
        assertThat(stream.nextComment(WAIT)).as("a heartbeat").isEqualTo("heartbeat");

        stream.close();

        // the next heartbeat finds it gone (every other test closed its clients too)
        await().atMost(WAIT).until(() -> watching(emitter, otherPlan) == 0);
        await().atMost(WAIT).until(() -> streams.count() == 0);
    }

    private static long watching(QueryUpdateEmitter emitter, String plan) {
        return emitter.activeSubscriptions().stream()
                      .filter(q -> q.getPayload() instanceof WatchPlan watch && watch.planId().equals(plan))
                      .count();
    }
}
