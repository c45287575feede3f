package ledger.support.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.util.Map;

/**
 * The ids of the seed plan (`seeds/`, plan `gd-2016`) as the examples of every parameter that
 * names a plan, a measure, a lead unit or a leader, so that Swagger UI's "try it out" hits
 * something on a ledger started with {@code ./ledger start}; and a body for every operation that
 * takes one, about the seed plan's measure 18 (深化行政管理体制等重点领域改革, led by 省财政厅 among
 * others), by the operation's method, path and media type.
 */
final class SeedExamples {

    private static final Map<String, Object> BY_NAME = Map.of(
            "measureId", "gd-2016-18",
            "id", "gd-2016-18",
            "planId", "gd-2016",
            "unit", "省财政厅",
            "leader", "朱小丹");

    private static final String PROGRESS = """
            {"percentComplete":60,"summary":"省级权责清单已公布，行政许可标准化完成六成","evidence":["粤府办〔2016〕45号"],\
            "milestone":"公布省级权责清单"}""";
    private static final String MEASURE_18 = """
            "section":4,"sectionTitle":"扎实做好改革发展稳定各项工作","number":18,"title":"深化行政管理体制等重点领域改革",\
            "leaders":["徐少华","刘志庚"],"leadUnits":["省编办","省发展改革委","省经济和信息化委","省财政厅"],\
            "dueDate":"2016-10-31\"""";
    private static final String BATCH_ITEM = """
            {"command":"progress","measureId":"gd-2016-18","expectedVersion":3,\
            "idempotencyKey":"gd-2016-18-progress-2016-09-01","body":%s}""".formatted(PROGRESS);
    private static final String DIRECTORY = """
            {"directory":"/var/backups/ledger/2016-10-31"}""";

    /** "METHOD path media type": the body, JSON text or (other media types) text as sent. */
    private static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/measures application/json", "{\"planId\":\"gd-2016\"," + MEASURE_18 + "}"),
            Map.entry("POST /api/v1/measures/{measureId}/plan application/json", """
                    {"summary":"倒排工期，分三步推进权责清单和行政许可标准化",\
                    "milestones":[{"title":"公布省级权责清单","dueDate":"2016-06-30"}],"responsiblePersons":["李明"]}"""),
            Map.entry("POST /api/v1/measures/{measureId}/progress application/json", PROGRESS),
            Map.entry("POST /api/v1/measures/{measureId}/verification application/json", """
                    {"verdict":"PASSED","notes":"材料齐全，予以销号"}"""),
            Map.entry("POST /api/v1/measures/{measureId}/escalations application/json", """
                    {"reason":"OVERDUE","notes":"逾期未报送进展"}"""),
            Map.entry("POST /api/v1/measures/{measureId}/escalations/resolve application/json", """
                    {"notes":"已补报进展"}"""),
            Map.entry("POST /api/v1/measures/{measureId}/due-date application/json", """
                    {"newDueDate":"2016-12-31","reason":"涉及国务院审批事项，需延期"}"""),
            Map.entry("POST /api/v1/commands application/json", "[" + BATCH_ITEM + "]"),
            Map.entry("POST /api/v1/commands application/x-ndjson", BATCH_ITEM + "\n"),
            Map.entry("POST /api/v1/plans/import application/json", """
                    {"planId":"gd-2016","title":"广东省人民政府党组“三严三实”专题民主生活会整改方案","issuer":"广东省人民政府",\
                    "issueDate":"2016-01-16","deadline":"2016-10-31","measures":[{""" + MEASURE_18 + "}]}"),
            Map.entry("POST /api/v1/plans/import text/plain", """
                    广东省人民政府关于印发《广东省人民政府党组“三严三实”专题民主生活会整改方案》的通知
                    …
                    　　18．深化行政管理体制等重点领域改革。严格实行政府权责清单、负面清单和监管清单……\
                    （徐少华、刘志庚同志负责，省编办，省发展改革委、经济和信息化委、财政厅牵头办理）
                    …（the whole notice: seeds/guangdong-2016-rectification-plan.txt）
                    """),
            Map.entry("POST /api/v1/admin/export application/json", DIRECTORY),
            Map.entry("POST /api/v1/admin/restore application/json", DIRECTORY),
            Map.entry("POST /api/v1/admin/revocations application/json", """
                    {"jti":"3f1c9a52-7d4e-4b8a-9c1e-2a6f0d5b8e71","expiresAt":"2016-09-01T10:00:00Z",\
                    "reason":"省财政厅 clerk-7's laptop was lost"}"""),
            Map.entry("POST /api/v1/admin/webhooks application/json", """
                    {"url":"https://oa.czt.gd.gov.cn/hooks/ledger","eventTypes":["ProgressReported","MeasureEscalated"],\
                    "leadUnits":["省财政厅"],"description":"省财政厅办公系统"}"""));

    private static final ObjectMapper JSON = new ObjectMapper();

    private SeedExamples() {
    }

    /** The seed example of a request body, parsed when it is JSON; null when there is none. */
    static Object body(String method, String path, String mediaType) {
        String text = BODIES.get(method + " " + path + " " + mediaType);
        if (text == null || !mediaType.equals("application/json")) {
            return text;
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the example body of " + method + " " + path + " is not JSON", e);
        }
    }

    static void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(SeedExamples::example);
            }
            body(method, path, operation);
        }));
    }

    private static void body(PathItem.HttpMethod method, String path, Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().forEach((type, media) -> {
            Object example = body(method.name(), path, type);
            if (example != null && media.getExample() == null && media.getExamples() == null) {
                media.setExample(example);
            }
        });
    }

    private static void example(Parameter parameter) {
        Object example = BY_NAME.get(parameter.getName());
        boolean text = parameter.getSchema() == null || "string".equals(parameter.getSchema().getType());
        if (example != null && parameter.getExample() == null && text && !"header".equals(parameter.getIn())) {
            parameter.setExample(example);
        }
    }
}
