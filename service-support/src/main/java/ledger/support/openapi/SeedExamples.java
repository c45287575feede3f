package ledger.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.util.Map;

/**
 * The ids of the seed plan (`seeds/`, plan `gd-2016`) as the examples of every parameter that
 * names a plan, a measure, a lead unit or a leader, so that Swagger UI's "try it out" hits
 * something on a ledger started with {@code ./ledger start}.
 */
final class SeedExamples {

    private static final Map<String, Object> BY_NAME = Map.of(
            "measureId", "gd-2016-18",
            "id", "gd-2016-18",
            "planId", "gd-2016",
            "unit", "省财政厅",
            "leader", "朱小丹");

    private SeedExamples() {
    }

    static void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(SeedExamples::example);
            }
        }));
    }

    private static void example(Parameter parameter) {
        Object example = BY_NAME.get(parameter.getName());
        boolean text = parameter.getSchema() == null || "string".equals(parameter.getSchema().getType());
        if (example != null && parameter.getExample() == null && text && !"header".equals(parameter.getIn())) {
            parameter.setExample(example);
        }
    }
}
