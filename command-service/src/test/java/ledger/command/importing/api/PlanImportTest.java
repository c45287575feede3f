package ledger.command.importing.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.Sha256;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.plan.PlanRegistered;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Importing the seed notice through the command API: once, idempotently, or not at all. */
class PlanImportTest extends LedgerApiTest {

    private static String seed;

    @Autowired
    private EventStore eventStore;

    @BeforeAll
    static void readSeed() throws IOException {
        seed = Files.readString(Path.of("..", "seeds", "guangdong-2016-rectification-plan.txt"), StandardCharsets.UTF_8);
    }

    private ApiClient.Response importText(String planId, String text, String... headers) {
        ApiClient office = supervisor();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(office.baseUrl() + "/api/v1/plans/import" + (planId == null ? "" : "?planId=" + planId)))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        office.defaultHeaders().forEach(request::header);
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return office.send(request.build());
    }

    private MeasureAssigned assigned(String measureId) {
        return (MeasureAssigned) eventStore.readEvents(measureId).next().getPayload();
    }

    @Test
    void theSeedNoticeBecomesAPlanAndThirtyMeasures() {
        String planId = freshPlanId();
        long before = storedEvents();

        var response = importText(planId, seed);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("created")).hasSize(30);
        assertThat(response.json().get("planRegistered").asBoolean()).isTrue();
        assertThat(storedEvents()).isEqualTo(before + 31);

        DomainEventMessage<?> plan = eventStore.readEvents("plan:" + planId).next();
        PlanRegistered registered = (PlanRegistered) plan.getPayload();
        assertThat(registered.title()).isEqualTo("广东省人民政府党组“三严三实”专题民主生活会整改方案");
        assertThat(registered.deadline()).isEqualTo(LocalDate.of(2016, 10, 31));
        assertThat(registered.sourceSha256()).isEqualTo(Sha256.hex(seed));
        assertThat(plan.getMetaData().get(MetadataKeys.ACTOR_ID)).isEqualTo("office-1");

        MeasureAssigned eighteen = assigned(planId + "-18");
        assertThat(eighteen.leadUnits()).containsExactly("省编办", "省发展改革委", "省经济和信息化委", "省财政厅");
        assertThat(eighteen.leaders()).containsExactly("徐少华", "刘志庚");
        assertThat(eighteen.section()).isEqualTo(4);
        assertThat(assigned(planId + "-25").leadUnits()).containsExactly("省政府办公厅", "省财政厅");
        MeasureAssigned two = assigned(planId + "-2");
        assertThat(two.dueDate()).isEqualTo(LocalDate.of(2016, 3, 31));
        assertThat(two.dueDateBasis()).isEqualTo(new DueDateBasis(DueDateBasis.Rule.STATED_IN_MEASURE, "2016年第一季度"));
        assertThat(assigned(planId + "-30").dueDateBasis())
                .isEqualTo(new DueDateBasis(DueDateBasis.Rule.PLAN_DEADLINE, "2016年10月底前"));
    }

    @Test
    void thePlansReminderLeadTimesGoToThePlanAndEachMeasure() {
        String planId = freshPlanId();
        var response = importText(planId + "&remindDaysBefore=10,3", seed);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        PlanRegistered registered = (PlanRegistered) eventStore.readEvents("plan:" + planId).next().getPayload();
        assertThat(registered.remindDaysBefore()).containsExactly(10, 3);
        assertThat(assigned(planId + "-2").remindDaysBefore()).containsExactly(10, 3);
        // 每年不少于2次: a count per calendar year
        assertThat(assigned(planId + "-4").recurrence()).isEqualTo(ledger.messages.measure.Recurrence.TIMES_PER_YEAR);
        assertThat(assigned(planId + "-4").timesPerYear()).isEqualTo(2);
        // without them, the service's default, recorded on each measure
        String other = freshPlanId();
        assertThat(importText(other, seed).status()).isEqualTo(201);
        assertThat(assigned(other + "-2").remindDaysBefore()).containsExactly(7, 1);
    }

    @Test
    void leadTimesOutsideOneToAYearAreRefusedAndNothingIsWritten() {
        long before = storedEvents();
        var response = importText(freshPlanId() + "&remindDaysBefore=0", seed);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aSecondImportCreatesNothingAndSaysSo() {
        String planId = freshPlanId();
        assertThat(importText(planId, seed).status()).isEqualTo(201);
        long after = storedEvents();

        var again = importText(planId, seed.replace("\n", "\r\n").replace("\r\n", "\n"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("created")).isEmpty();
        assertThat(again.json().get("alreadyPresent")).hasSize(30);
        assertThat(again.json().get("message").asText()).contains("nothing new");
        assertThat(storedEvents()).isEqualTo(after);
    }

    @Test
    void withoutAPlanIdTheSameIdIsDerivedEachTime() {
        var first = importText(null, seed);
        var second = importText(null, seed);
        assertThat(first.json().get("planId").asText()).matches("plan-20160116-[0-9a-f]{8}")
                                                      .isEqualTo(second.json().get("planId").asText());
        assertThat(second.json().get("created")).isEmpty();
    }

    @Test
    void anUnreadableNoticeIsRefusedNamingTheLineAndImportsNothing() {
        long before = storedEvents();
        String broken = seed.replace("（李锋同志负责，省府办公厅牵头办理）\n　　8．", "\n　　8．");
        var response = importText(freshPlanId(), broken);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:ledger:problem:unreadable-notice");
        int line = lineOf("7．");
        assertThat(response.json().get("line").asInt()).isEqualTo(line);
        assertThat(response.json().get("detail").asText()).contains("line " + line).contains("measure 7");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anUnknownLeadUnitIsRefusedNamingTheLineAndImportsNothing() {
        long before = storedEvents();
        var response = importText(freshPlanId(), seed.replace("（邓海光同志负责，省扶贫办牵头办理）",
                                                              "（邓海光同志负责，省扶贫协作办牵头办理）"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).isEqualTo("urn:ledger:problem:invalid-plan");
        assertThat(response.json().get("detail").asText()).contains("省扶贫协作办");
        assertThat(response.json().get("line").asInt()).isEqualTo(lineOf("24．"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anotherTextUnderAnImportedPlanIdIsAConflict() {
        String planId = freshPlanId();
        assertThat(importText(planId, seed).status()).isEqualTo(201);
        long after = storedEvents();
        var response = importText(planId, seed.replace("2016年10月底前", "2016年11月底前"));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asText()).isEqualTo("urn:ledger:problem:plan-conflict");
        assertThat(storedEvents()).isEqualTo(after);
    }

    @Test
    void aLongImportStreamsItsProgress() throws IOException {
        var response = importText(freshPlanId(), seed, "Accept", "application/x-ndjson");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/x-ndjson");
        List<String> lines = response.raw().body().lines().toList();
        assertThat(lines).hasSize(31);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("done").asInt()).isEqualTo(1);
        assertThat(first.get("total").asInt()).isEqualTo(30);
        assertThat(first.get("created").asBoolean()).isTrue();
        assertThat(json.readTree(lines.get(30)).get("created")).hasSize(30);
    }

    @Test
    void aJsonPlanGoesThroughTheSameReferenceData() {
        String planId = freshPlanId();
        var response = supervisor().post("/api/v1/plans/import", """
                {"planId":"%s","title":"测试方案","issuer":"省政府","issueDate":"2016-01-16","deadline":"2016-10-31",
                 "measures":[
                   {"section":1,"number":1,"title":"甲","leaders":["朱小丹"],"leadUnits":["省府办公厅","财政厅"]},
                   {"section":1,"number":2,"title":"乙","leaders":["李锋"],"leadUnits":["省发展和改革委员会"],
                    "dueDate":"2016-06-30","recurrence":"QUARTERLY"}]}""".formatted(planId));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(assigned(planId + "-1").leadUnits()).containsExactly("省政府办公厅", "省财政厅");
        assertThat(assigned(planId + "-1").dueDate()).isEqualTo(LocalDate.of(2016, 10, 31));
        assertThat(assigned(planId + "-1").dueDateBasis().rule()).isEqualTo(DueDateBasis.Rule.PLAN_DEADLINE);
        assertThat(assigned(planId + "-2").leadUnits()).containsExactly("省发展改革委");
    }

    @Test
    void aJsonPlanWithAnUnknownUnitNamesTheField() {
        long before = storedEvents();
        var response = supervisor().post("/api/v1/plans/import", """
                {"planId":"%s","title":"测试方案","deadline":"2016-10-31",
                 "measures":[{"section":1,"number":1,"title":"甲","leaders":["朱小丹"],"leadUnits":["火星办"]}]}"""
                .formatted(freshPlanId()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("measures[0].leadUnits");
        assertThat(storedEvents()).isEqualTo(before);
    }

    private static int lineOf(String start) {
        List<String> lines = seed.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError(start);
    }
}
