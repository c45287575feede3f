package ledger.system;

import ledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of both services, with every role, no token, an expired token, a token signed
 * by another key, and well-signed tokens for another audience or from another issuer, against the table of endpoints of
 * docs/API.md (read from that page itself, so the documentation and the behaviour cannot drift apart).
 */
class AccessTest {

    private static final List<String> ROLES = List.of("SUPERVISOR", "UNIT", "AUDITOR", "ADMIN", "READER");
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private static LedgerUnderTest ledger;
    private static String planId;
    private static String measureId;

    @BeforeAll
    static void start() {
        ledger = new LedgerUnderTest();
        planId = "access-" + UUID.randomUUID().toString().substring(0, 8);
        measureId = planId + "-1";
        ledger.registerPlan(planId);
        assertThat(ledger.command("/api/v1/measures", assign(planId, 1), "office-1", "SUPERVISOR").status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private static String assign(String plan, int number) {
        return """
               {"planId":"%s","section":1,"number":%d,"title":"措施","leaders":["朱小丹"],
                "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(plan, number);
    }

    /** One row of the table of docs/API.md. */
    record Row(String service, String method, String path, Map<String, Boolean> allowed, boolean open) {
    }

    static List<Row> accessTable() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "API.md"), StandardCharsets.UTF_8)) {
            // "| command (8080) | `POST /api/v1/measures` | ✓ | – | …": the service, its port, the request, the roles
            if (!line.matches("\\| (command|query|both)( \\(\\d+\\))? \\| `[A-Z]+ [^`]+` \\|.*")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String[] request = cells[2].strip().replace("`", "").split(" ");
            Map<String, Boolean> allowed = new java.util.HashMap<>();
            for (int i = 0; i < ROLES.size(); i++) {
                allowed.put(ROLES.get(i), cells[3 + i].strip().startsWith("✓"));
            }
            // "(and without a token)": open to anybody, whatever token comes with the request
            rows.add(new Row(cells[1].strip().split(" ")[0], request[0], request[1], allowed, line.contains("without a token")));
        }
        return rows;
    }

    /** A concrete request for a row: real ids and a body the endpoint can read. */
    private static String path(Row row) {
        String path = row.path().replace("{id}", measureId).replace("{name}", "measure-status")
                         .replace("{planId}", planId)
                         .replace("{subscription}", "999999").replace("{delivery}", "999999");
        if (path.endsWith("/state")) {
            return path + "?asOf=2030-01-01T00:00:00Z";
        }
        if (path.endsWith("/digest/verify")) {
            return path + "?position=1&digest=" + "0".repeat(64);
        }
        return path;
    }

    private static String body(Row row) {
        String path = row.path();
        if (path.equals("/api/v1/measures")) {
            return assign(planId, 100 + NUMBERS.incrementAndGet());
        }
        if (path.equals("/api/v1/plans/import")) {
            return """
                   {"planId":"%s-i%d","title":"方案","deadline":"2016-10-31","measures":[{"section":1,"number":1,
                    "title":"甲","leaders":["朱小丹"],"leadUnits":["省府办公厅"]}]}"""
                    .formatted(planId, NUMBERS.incrementAndGet());
        }
        if (path.endsWith("/plan")) {
            return "{\"summary\":\"方案\"}";
        }
        if (path.endsWith("/progress")) {
            return "{\"percentComplete\":10,\"summary\":\"进展\"}";
        }
        if (path.endsWith("/verification")) {
            return "{\"verdict\":\"REJECTED\",\"notes\":\"证据不足\"}";
        }
        if (path.endsWith("/escalations")) {
            return "{\"reason\":\"MANUAL\"}";
        }
        if (path.endsWith("/due-date")) {
            return "{\"newDueDate\":\"2031-01-0" + (1 + NUMBERS.incrementAndGet() % 9) + "\",\"reason\":\"延期\"}";
        }
        return "{}";
    }

    private static LedgerUnderTest.Response call(Row row, String authorization, boolean toCommandService) {
        return ledger.request(toCommandService, row.method(), path(row), body(row), authorization);
    }

    @Test
    void everyEndpointAnswersEveryRoleAsTheTableOfEndpointsSays() throws IOException {
        List<Row> table = accessTable();
        assertThat(table).hasSizeGreaterThanOrEqualTo(25);
        assertSoftly(softly -> {
            for (Row row : table) {
                List<Boolean> services = switch (row.service()) {
                    case "command" -> List.of(true);
                    case "query" -> List.of(false);
                    default -> List.of(true, false);
                };
                for (boolean commandService : services) {
                    String where = row.method() + " " + row.path() + " on " + (commandService ? "command" : "query");
                    for (String role : ROLES) {
                        String unit = role.equals("UNIT") ? LedgerUnderTest.TEST_UNIT : null;
                        var response = call(row, "Bearer " + TestTokens.token(role.toLowerCase() + "-1", role, unit),
                                            commandService);
                        if (row.allowed().get(role)) {
                            softly.assertThat(response.status()).as(where + " as " + role + ": " + response.body())
                                  .isNotIn(401, 403);
                        } else {
                            softly.assertThat(response.status()).as(where + " as " + role).isEqualTo(403);
                            softly.assertThat(response.body()).as(where + " as " + role)
                                  .contains("urn:ledger:problem:forbidden");
                        }
                    }
                    boolean open = row.open();
                    for (String authorization : new String[]{null, "Bearer not-a-token",
                            "Bearer " + TestTokens.expired("reader-1", "READER"),
                            "Bearer " + TestTokens.signedByAnotherKey("supervisor-1", "SUPERVISOR"),
                            // well signed, but issued for another application, or by another issuer
                            "Bearer " + TestTokens.tokenWith("supervisor-1", "SUPERVISOR", c -> c.audience("payroll")),
                            "Bearer " + TestTokens.tokenWith("supervisor-1", "SUPERVISOR", c -> c.audience((String) null)),
                            "Bearer " + TestTokens.tokenWith("supervisor-1", "SUPERVISOR", c -> c.issuer("another-idp")),
                            "Bearer " + TestTokens.tokenWith("supervisor-1", "SUPERVISOR", c -> c.issuer(null))}) {
                        String as = authorization == null ? "no token" : authorization.length() < 30 ? "a malformed token"
                                : "a bad token";
                        if (open) {
                            // answered, whatever the token: 200 (readiness is 503 while the replay that an
                            // ADMIN row of this test asked for runs, and must come back)
                            String token = authorization;
                            var answered = await().atMost(Duration.ofMinutes(2))
                                                  .until(() -> call(row, token, commandService), r -> r.status() == 200);
                            softly.assertThat(answered.body()).as(where + " with " + as).contains("\"status\"");
                            continue;
                        }
                        var response = call(row, authorization, commandService);
                        softly.assertThat(response.status()).as(where + " with " + as).isEqualTo(401);
                        softly.assertThat(response.body()).as(where + " with " + as)
                              .contains("urn:ledger:problem:unauthenticated");
                    }
                }
            }
        });
    }

    @Test
    void aLeadUnitWritesOnItsOwnMeasuresOnlyUnderItsNameOrAnAlias() throws IOException {
        String seedPlan = "units-" + UUID.randomUUID().toString().substring(0, 8);
        String seed = Files.readString(Path.of("..", "seeds", "guangdong-2016-rectification-plan.txt"));
        var imported = ledger.request(true, "POST", "/api/v1/plans/import?planId=" + seedPlan, null,
                                      "Bearer " + TestTokens.token("office-1", "SUPERVISOR", null), seed);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        var database = ledger.database();

        for (String unit : List.of("省财政厅", "广东省财政厅")) {
            String token = "Bearer " + TestTokens.token("clerk-" + unit.length(), "UNIT", unit);
            // measure 25: 省府办公厅、省财政厅 lead it
            var plan = ledger.request(true, "POST", "/api/v1/measures/" + seedPlan + "-25/plan",
                                      "{\"summary\":\"倒排工期\"}", token);
            assertThat(plan.status()).as(unit + ": " + plan.body()).isEqualTo(200);
            var progress = ledger.request(true, "POST", "/api/v1/measures/" + seedPlan + "-25/progress",
                                          "{\"percentComplete\":30,\"summary\":\"进展\"}", token);
            assertThat(progress.status()).as(unit + ": " + progress.body()).isEqualTo(200);

            // measure 24: 省扶贫办 alone
            long before = database.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
            var refused = ledger.request(true, "POST", "/api/v1/measures/" + seedPlan + "-24/plan",
                                         "{\"summary\":\"越权\"}", token);
            assertThat(refused.status()).as(unit).isEqualTo(403);
            assertThat(refused.body()).contains("urn:ledger:problem:forbidden").contains("省财政厅");
            assertThat(database.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class))
                    .isEqualTo(before);
        }
        // the events name the unit by its canonical name, whichever name the token used
        List<String> units = database.queryForList("""
                SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'actorUnit' FROM event_store.domain_event_entry
                WHERE aggregate_identifier = ? AND sequence_number > 0 ORDER BY sequence_number""", String.class,
                                                    seedPlan + "-25");
        assertThat(units).containsExactly("省财政厅", "省财政厅", "省财政厅", "省财政厅");
    }
}
