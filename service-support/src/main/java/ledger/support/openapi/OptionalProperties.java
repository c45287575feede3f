package ledger.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * An optional property of an answer is sent as {@code null} when it has no value (query-service
 * writes nulls; a measure without recurrence has {@code "recurrence": null}). For a property with
 * an enum that is a value outside the enum unless the description says so: every such optional
 * property is marked {@code nullable}, with {@code null} among its values and among its types
 * (Spectral's typed-enum rule holds a typed enum to its types).
 */
final class OptionalProperties {

    private OptionalProperties() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            schema.getProperties().forEach((name, property) -> {
                if (property.getEnum() != null && !required.contains(name) && !property.getEnum().contains(null)) {
                    List values = new ArrayList<>(property.getEnum());
                    values.add(null);
                    ((Schema) property).setEnum(values);
                    property.setNullable(true);
                    if (property.getTypes() != null && !property.getTypes().isEmpty()) {
                        // OpenAPI 3.1: null is one of its types, so that a typed enum may hold it
                        java.util.Set<String> types = new java.util.LinkedHashSet<>(property.getTypes());
                        types.add("null");
                        property.setTypes(types);
                    } else {
                        property.setType(null);
                    }
                }
            });
        }
    }
}
