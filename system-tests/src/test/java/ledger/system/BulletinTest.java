package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.TestTokens;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static ledger.system.LedgerUnderTest.created;
import static ledger.system.LedgerUnderTest.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bulletins (通报) and registers (台账) of the seed plan at chosen instants, over the real stack.
 * The events' time is Axon's event clock ({@link GenericEventMessage#clock}), set by the test to
 * each instant before the commands it sends (both services run in this JVM), so the plan's history
 * lies in 2016 as the notice has it: imported on 2016-01-16, reported on, escalated and verified
 * around the plan-wide deadline of 2016-10-31.
 */
class BulletinTest {

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String OFFICE = "省政府办公厅";

    private static LedgerUnderTest ledger;
    private static String planId;
    /** Two measures 省政府办公厅 leads (the tests' UNIT token names it by its alias) and one it does not. */
    private static String reported;
    private static String second;
    private static String escalated;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void history() throws IOException {
        ledger = new LedgerUnderTest();
        planId = "bul-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            at("2016-01-16T10:00:00+08:00");
            String seed = Files.readString(Path.of("..", "seeds", "guangdong-2016-rectification-plan.txt"));
            var imported = ledger.request(true, "POST", "/api/v1/plans/import?planId=" + planId, null,
                                          "Bearer " + TestTokens.token("office-1", "SUPERVISOR", null), seed);
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            JsonNode measures = status("2016-02-01").get("measures");
            List<String> office = new ArrayList<>();
            List<String> others = new ArrayList<>();
            measures.forEach(m -> (m.get("leadUnits").toString().contains(OFFICE) ? office : others)
                    .add(m.get("measureId").asText()));
            reported = office.get(0);
            second = office.get(1);
            escalated = others.get(0);

            at("2016-03-01T10:00:00+08:00");
            done(ledger.command("/api/v1/measures/" + reported + "/plan", "{\"summary\":\"倒排工期\"}", "clerk-1", "UNIT"));
            at("2016-03-02T10:00:00+08:00");
            done(ledger.command("/api/v1/measures/" + reported + "/progress",
                              "{\"percentComplete\":40,\"summary\":\"完成清理\"}", "clerk-1", "UNIT"));
            at("2016-11-05T10:00:00+08:00");
            done(ledger.command("/api/v1/measures/" + escalated + "/escalations",
                              "{\"reason\":\"MANUAL\",\"notes\":\"逾期未整改\"}", "office-1", "SUPERVISOR"));
            at("2016-11-10T10:00:00+08:00");
            done(ledger.command("/api/v1/measures/" + reported + "/progress",
                              "{\"percentComplete\":100,\"summary\":\"全部完成\"}", "clerk-1", "UNIT"));
            at("2016-11-12T10:00:00+08:00");
            done(ledger.command("/api/v1/measures/" + reported + "/verification",
                              "{\"verdict\":\"PASSED\",\"notes\":\"核验通过\"}", "office-1", "SUPERVISOR"));
            at("2016-11-20T10:00:00+08:00");
            done(ledger.command("/api/v1/measures/" + second + "/plan", "{\"summary\":\"分步实施\"}", "clerk-1", "UNIT"));
            done(ledger.command("/api/v1/measures/" + second + "/progress",
                              "{\"percentComplete\":60,\"summary\":\"过半\"}", "clerk-1", "UNIT"));
        } finally {
            GenericEventMessage.clock = Clock.systemUTC();
        }
        awaitSettled();
    }

    @AfterAll
    static void stop() {
        GenericEventMessage.clock = Clock.systemUTC();
        ledger.close();
    }

    private static void at(String instant) {
        GenericEventMessage.clock = Clock.fixed(OffsetDateTime.parse(instant).toInstant(), java.time.ZoneOffset.UTC);
    }


    /** Until the auditors' settled position has every event the test wrote. */
    private static void awaitSettled() {
        long head = ledger.database().queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry",
                                                     Long.class);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> ledger.query("/api/v1/audit/events?limit=1").json().get("settledPosition").asLong() >= head);
    }

    private static JsonNode status(String asOf) {
        var response = ledger.query("/api/v1/plans/" + planId + "/status?asOf=" + asOf);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode bulletin(String query) {
        var response = get("/api/v1/plans/" + planId + "/bulletin?" + query, "application/json", "SUPERVISOR", null);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<byte[]> get(String path, String accept, String role, String unit) {
        HttpRequest.Builder request = HttpRequest.newBuilder(ledger.queryUri(path))
                                                 .header("Authorization", "Bearer " + TestTokens.token(
                                                         role.toLowerCase() + "-1", role, unit));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lead units' measure counts, from the status view. */
    private static Map<String, Integer> unitTotals() {
        Map<String, Integer> totals = new LinkedHashMap<>();
        ledger.query("/api/v1/dashboard/units?planId=" + planId).json().get("rows")
              .forEach(row -> totals.put(row.get("name").asText(), row.get("total").asInt()));
        return totals;
    }

    private static Map<String, Integer> groupSizes(JsonNode groups) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        groups.forEach(g -> sizes.put(g.get("leadUnit").asText(), g.get("measures").size()));
        return sizes;
    }

    private static void counts(JsonNode bulletin, int total, int verified, int inProgress, int notStarted, int overdue,
                               int escalatedCount) {
        JsonNode c = bulletin.get("counts");
        assertThat(List.of(c.get("total").asInt(), c.get("verified").asInt(), c.get("inProgress").asInt(),
                           c.get("notStarted").asInt(), c.get("overdue").asInt(), c.get("escalated").asInt()))
                .as(c.toString()).containsExactly(total, verified, inProgress, notStarted, overdue, escalatedCount);
    }

    @Test
    void beforeTheFirstDueDateNothingIsOverdue() {
        JsonNode b = bulletin("asOf=2016-02-01");
        counts(b, 30, 0, 0, 30, 0, 0);
        assertThat(b.get("overdue")).isEmpty();
        assertThat(b.get("day").asText()).isEqualTo("2016-02-01");
    }

    @Test
    void onTheFirstOfNovemberTheWholePlanIsOverdueGroupedByLeadUnit() {
        JsonNode b = bulletin("asOf=2016-11-01T00:00:00%2B08:00");
        counts(b, 30, 0, 1, 29, 30, 0);
        Map<String, Integer> groups = groupSizes(b.get("overdue"));
        // every lead unit's measures are all overdue: the groups are exactly the view's units
        assertThat(groups).isEqualTo(unitTotals());
        assertThat(groups.get(OFFICE)).isEqualTo(17);
        assertThat(groups.keySet().iterator().next()).isEqualTo(OFFICE);   // the most overdue first
        JsonNode zhu = null;
        for (JsonNode leader : b.get("byLeader")) {
            if (leader.get("name").asText().equals("朱小丹")) {
                zhu = leader;
            }
        }
        assertThat(zhu).isNotNull();
        assertThat(zhu.get("total").asInt()).isEqualTo(13);
        assertThat(zhu.get("overdue").asInt()).isEqualTo(13);
        // the measure reported on: one day overdue, its latest report with the event behind it
        JsonNode row = overdueRow(b, OFFICE, reported);
        assertThat(row.get("daysOverdue").asLong()).isEqualTo(1);
        assertThat(row.get("dueDate").asText()).isEqualTo("2016-10-31");
        assertThat(row.get("latestReport").get("percentComplete").asInt()).isEqualTo(40);
        assertThat(row.get("latestReport").get("eventId").asText()).isIn(textList(row.get("eventIds")));
        assertThat(row.get("eventIds")).hasSize(3);   // assigned, plan, report
        assertThat(row.get("leaders")).isNotEmpty();
    }

    @Test
    void inDecemberTheVerifiedMeasureIsListedSinceTheLastBulletinAndTheEscalationCounts() {
        JsonNode b = bulletin("asOf=2016-12-01T00:00:00%2B08:00&since=2016-11-01T00:00:00%2B08:00");
        counts(b, 30, 1, 1, 28, 29, 1);
        Map<String, Integer> expected = unitTotals();
        expected.put(OFFICE, 16);   // the verified one is no longer overdue
        assertThat(groupSizes(b.get("overdue"))).isEqualTo(expected);
        JsonNode verified = b.get("verifiedSince");
        assertThat(verified).hasSize(1);
        assertThat(verified.get(0).get("measureId").asText()).isEqualTo(reported);
        assertThat(verified.get(0).get("verifiedAt").asText()).isEqualTo("2016-11-12T02:00:00Z");
        String unit = null;
        for (JsonNode group : b.get("overdue")) {
            for (JsonNode m : group.get("measures")) {
                if (m.get("measureId").asText().equals(escalated)) {
                    assertThat(m.get("escalationLevel").asInt()).isEqualTo(1);
                    assertThat(m.get("daysOverdue").asLong()).isEqualTo(
                            java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.parse(m.get("dueDate").asText()),
                                                                       java.time.LocalDate.of(2016, 12, 1)));
                    unit = group.get("leadUnit").asText();
                }
            }
        }
        assertThat(unit).as("the escalated measure is listed overdue").isNotNull();
        assertThat(overdueRow(b, OFFICE, second).get("latestReport").get("percentComplete").asInt()).isEqualTo(60);
        // nothing verified between the two November dates
        assertThat(bulletin("asOf=2016-11-11&since=2016-11-01").get("verifiedSince")).isEmpty();
    }

    @Test
    void theWordDocumentOpensAndStatesTheGroupsAndWhereItComesFrom() throws IOException {
        var response = get("/api/v1/plans/" + planId + "/bulletin?asOf=2016-11-01T00:00:00%2B08:00", DOCX,
                           "AUDITOR", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(DOCX);
        String position = response.headers().firstValue("Ledger-Position").orElseThrow();
        String digest = response.headers().firstValue("Ledger-Digest").orElseThrow();
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(response.body()));
             XWPFWordExtractor extractor = new XWPFWordExtractor(doc)) {
            String text = extractor.getText();
            assertThat(text).contains("省政府办公厅（17 项）").contains("朱小丹").contains(digest)
                            .contains("第 " + position + " 号位置");
            // the counts, the overdue groups, the units, the leaders, the events behind each measure
            assertThat(doc.getTables()).hasSize(groupSizes(bulletin("asOf=2016-11-01T00:00:00%2B08:00")
                                                                   .get("overdue")).size() + 3);
            assertThat(doc.getProperties().getCustomProperties().getProperty("ledgerDigest").getLpwstr())
                    .isEqualTo(digest);
        }
        assertThat(verifies(Long.parseLong(position), digest)).isTrue();
    }

    @Test
    void thePrintablePageIsHtmlUnderAStrictPolicy() {
        var response = get("/api/v1/plans/" + planId + "/bulletin?asOf=2016-11-01", "text/html", "SUPERVISOR", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'none'; style-src 'sha256-");
        String html = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("省政府办公厅（17 项）").contains("<table class=\"by-leader\">").doesNotContain("<script");
    }

    @Test
    void theRegisterHasARowPerMeasureAndEveryEventAndItsDigestVerifiesUntilAnEventIsChanged() throws IOException {
        var response = get("/api/v1/plans/" + planId + "/register?asOf=2016-12-01", XLSX, "SUPERVISOR", null);
        assertThat(response.statusCode()).isEqualTo(200);
        long position = Long.parseLong(response.headers().firstValue("Ledger-Position").orElseThrow());
        String digest = response.headers().firstValue("Ledger-Digest").orElseThrow();
        List<String> planEvents = ledger.database().queryForList("""
                SELECT event_identifier FROM event_store.domain_event_entry
                WHERE (aggregate_identifier = ? OR aggregate_identifier LIKE ?) AND global_index <= ?
                ORDER BY global_index""", String.class, "plan:" + planId, planId + "-%", position);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            var measures = book.getSheetAt(0);
            assertThat(measures.getLastRowNum()).as("a header and 30 measures").isEqualTo(30);
            assertThat(measures.getRow(0).getCell(0).getStringCellValue()).isEqualTo("序号");
            var events = book.getSheetAt(1);
            assertThat(events.getLastRowNum()).isEqualTo(planEvents.size());
            List<String> ids = new ArrayList<>();
            long previous = 0;
            for (int r = 1; r <= events.getLastRowNum(); r++) {
                long at = (long) events.getRow(r).getCell(0).getNumericCellValue();
                assertThat(at).isGreaterThan(previous);
                previous = at;
                ids.add(events.getRow(r).getCell(9).getStringCellValue());
            }
            assertThat(ids).isEqualTo(planEvents);
            // every measure row names the events behind it: together, every event of the measures
            Set<String> named = new HashSet<>();
            for (int r = 1; r <= 30; r++) {
                named.addAll(List.of(measures.getRow(r).getCell(13).getStringCellValue().split(" ")));
            }
            assertThat(named).hasSize(planEvents.size() - 1);   // all but the plan's registration
            var ledgerSheet = book.getSheetAt(2);
            assertThat(ledgerSheet.getRow(2).getCell(1).getStringCellValue()).isEqualTo(String.valueOf(position));
            assertThat(ledgerSheet.getRow(3).getCell(1).getStringCellValue()).isEqualTo(digest);
        }
        assertThat(verifies(position, digest)).isTrue();

        // someone with write access changes the verified measure's report: the stated digest no longer verifies
        var database = ledger.database();
        Map<String, Object> row = database.queryForMap("""
                SELECT global_index, payload FROM event_store.domain_event_entry
                WHERE aggregate_identifier = ? AND payload_type = 'ProgressReported' ORDER BY sequence_number LIMIT 1""",
                                                       reported);
        byte[] original = (byte[]) row.get("payload");
        String forged = new String(original, StandardCharsets.UTF_8).replace("\"percentComplete\":40",
                                                                             "\"percentComplete\":90");
        assertThat(forged).isNotEqualTo(new String(original, StandardCharsets.UTF_8));
        database.update("UPDATE event_store.domain_event_entry SET payload = ? WHERE global_index = ?",
                        forged.getBytes(StandardCharsets.UTF_8), row.get("global_index"));
        try {
            assertThat(verifies(position, digest)).isFalse();
        } finally {
            database.update("UPDATE event_store.domain_event_entry SET payload = ? WHERE global_index = ?", original,
                            row.get("global_index"));
        }
        assertThat(verifies(position, digest)).isTrue();
    }

    @Test
    void theSameDocumentIsBuiltAgainFromTheStatedPosition() {
        JsonNode first = bulletin("asOf=2016-12-01");
        long position = first.get("ledger").get("position").asLong();
        JsonNode again = bulletin("asOf=2016-12-01&position=" + position);
        assertThat(again).isEqualTo(first);
        assertThat(again.get("ledger").get("digest").asText())
                .isEqualTo(ledger.query("/api/v1/audit/digest?position=" + position).json().get("digest").asText());
    }

    @Test
    void theRegisterAsCsvOpensWithItsProvenanceAndHasEveryMeasure() {
        var response = get("/api/v1/plans/" + planId + "/register?asOf=2016-12-01", "text/csv", "AUDITOR", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new String(response.body(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFF# ");
        assertThat(lines.stream().filter(l -> l.startsWith("# "))).anyMatch(l -> l.contains(
                response.headers().firstValue("Ledger-Digest").orElseThrow()));
        List<String> table = lines.stream().filter(l -> !l.startsWith("#") && !l.startsWith("\uFEFF#")).toList();
        assertThat(table).hasSize(31);
        assertThat(table.get(0)).startsWith("序号,所属部分,措施名称");
    }

    @Test
    void aLeadUnitGetsTheRegisterOfItsOwnMeasuresOnlyAndNoBulletin() throws IOException {
        var response = get("/api/v1/plans/" + planId + "/register?asOf=2016-12-01", XLSX, "UNIT",
                           LedgerUnderTest.TEST_UNIT);
        assertThat(response.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            var measures = book.getSheetAt(0);
            assertThat(measures.getLastRowNum()).isEqualTo(17);
            for (int r = 1; r <= 17; r++) {
                assertThat(measures.getRow(r).getCell(4).getStringCellValue()).contains(OFFICE);
            }
            for (int r = 1; r <= book.getSheetAt(1).getLastRowNum(); r++) {
                assertThat(book.getSheetAt(1).getRow(r).getCell(7).getStringCellValue()).isNotEqualTo(escalated);
            }
        }
        assertThat(get("/api/v1/plans/" + planId + "/bulletin", "application/json", "UNIT", LedgerUnderTest.TEST_UNIT)
                           .statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/plans/" + planId + "/register", XLSX, "READER", null).statusCode()).isEqualTo(403);
    }

    @Test
    void theStatusNowAgreesWithTheStatusView() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.query("/api/v1/measures/" + second).json()
                                                                 .get("percentComplete").asInt() == 60);
        JsonNode now = ledger.query("/api/v1/plans/" + planId + "/status").json();
        JsonNode view = ledger.query("/api/v1/measures?planId=" + planId + "&size=200&sort=section,number").json();
        assertThat(now.get("measures")).isEqualTo(view.get("items"));
        JsonNode summary = ledger.query("/api/v1/dashboard/summary?planId=" + planId).json();
        assertThat(now.get("summary")).isEqualTo(summary);
        assertThat(byName(now.get("units"))).isEqualTo(byName(ledger.query("/api/v1/dashboard/units?planId=" + planId)
                                                                      .json().get("rows")));
        assertThat(byName(now.get("leaders"))).isEqualTo(byName(ledger.query("/api/v1/dashboard/leaders?planId=" + planId)
                                                                        .json().get("rows")));
        // a past instant: the reported measure as /measures/{id}/state rebuilds it
        JsonNode march = status("2016-03-05");
        for (JsonNode m : march.get("measures")) {
            if (m.get("measureId").asText().equals(reported)) {
                assertThat(m).isEqualTo(ledger.query("/api/v1/measures/" + reported + "/state?asOf="
                                                     + march.get("asOf").asText()).json());
                assertThat(m.get("percentComplete").asInt()).isEqualTo(40);
            }
        }
        assertThat(march.get("summary").get("totals").get("byStatus").get("IN_PROGRESS").asInt()).isEqualTo(1);
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        long before = ledger.database().queryForObject("SELECT count(*) FROM event_store.domain_event_entry",
                                                       Long.class);
        String base = "/api/v1/plans/" + planId;
        for (String[] c : new String[][]{
                {base + "/bulletin?asOf=yesterday", "application/json", "400"},
                {base + "/bulletin?asOf=2016-11-01&since=2016-12-01", "application/json", "400"},
                {base + "/bulletin?asOf=2999-01-01T00:00:00Z", "application/json", "400"},
                {base + "/bulletin?position=999999999", "application/json", "400"},
                {base + "/bulletin?position=x", DOCX, "400"},
                {base + "/bulletin", "application/pdf", "406"},
                {base + "/register", "application/msword", "406"},
                {base + "/register?part=all", "text/csv", "400"},
                {"/api/v1/plans/no-such-plan/bulletin", "application/json", "404"},
                {"/api/v1/plans/no-such-plan/register", XLSX, "404"},
                {base + "/status?asOf=2016-13-01", "application/json", "400"},
                {base + "/bulletin?asOf=2015-01-01", "application/json", "404"}}) {
            var response = get(c[0], c[1], "SUPERVISOR", null);
            assertThat(response.statusCode()).as(c[0] + " " + c[1]).isEqualTo(Integer.parseInt(c[2]));
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(c[0])
                    .startsWith("application/problem+json");
        }
        assertThat(ledger.database().queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class))
                .isEqualTo(before);
    }

    private static boolean verifies(long position, String digest) {
        var check = ledger.query("/api/v1/audit/digest/verify?position=" + position + "&digest=" + digest);
        assertThat(check.status()).as(check.body()).isEqualTo(200);
        return check.json().get("matches").asBoolean();
    }

    private static JsonNode overdueRow(JsonNode bulletin, String unit, String measureId) {
        for (JsonNode group : bulletin.get("overdue")) {
            if (group.get("leadUnit").asText().equals(unit)) {
                for (JsonNode m : group.get("measures")) {
                    if (m.get("measureId").asText().equals(measureId)) {
                        return m;
                    }
                }
            }
        }
        throw new AssertionError(measureId + " is not overdue under " + unit + ": " + bulletin.get("overdue"));
    }

    private static Map<String, JsonNode> byName(JsonNode rows) {
        Map<String, JsonNode> named = new java.util.TreeMap<>();
        rows.forEach(row -> named.put(row.get("name").asText(), row));
        return named;
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
