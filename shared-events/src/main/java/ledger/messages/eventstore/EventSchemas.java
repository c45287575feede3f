package ledger.messages.eventstore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.Revision;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON Schema (draft 2020-12) of a stored event's payload, per logical type and revision, so
 * that an export can be read without the Java classes. Derived from the event records as
 * {@link LedgerSerializer} writes them: reference types may be null, primitives may not.
 * Revisions no longer current are described by what their upcaster adds ({@link #PAST_REVISIONS}).
 */
public final class EventSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** For a past revision: the properties the current revision added since (see the upcasters). */
    private static final Map<String, Map<String, List<String>>> PAST_REVISIONS = pastRevisions();

    private static Map<String, Map<String, List<String>>> pastRevisions() {
        Map<String, Map<String, List<String>>> past = new java.util.HashMap<>(AddedPropertiesUpcaster.ADDED);
        past.put("ProgressReported", Map.of("1", List.of("milestone")));   // ProgressReportedUpcaster
        return Map.copyOf(past);
    }

    private EventSchemas() {
    }

    /** The schema of a payload type at a revision, if the ledger knows that pair. */
    public static Optional<ObjectNode> schema(String payloadType, String revision) {
        Optional<Class<?>> type = MessageTypes.classOf(payloadType).filter(Class::isRecord);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String current = currentRevision(type.get());
        List<String> added;
        if (java.util.Objects.equals(current, revision)) {
            added = List.of();
        } else if (PAST_REVISIONS.getOrDefault(payloadType, Map.of()).containsKey(revision)) {
            added = PAST_REVISIONS.get(payloadType).get(revision);
        } else {
            return Optional.empty();
        }
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "urn:ledger:event:" + payloadType + ":" + revision);
        schema.put("title", payloadType + " revision " + revision);
        ObjectNode body = objectSchema(type.get());
        for (String property : added) {
            ((ObjectNode) body.get("properties")).remove(property);
            ArrayNode required = (ArrayNode) body.get("required");
            for (int i = required.size() - 1; i >= 0; i--) {
                if (required.get(i).asText().equals(property)) {
                    required.remove(i);
                }
            }
        }
        schema.setAll(body);
        return Optional.of(schema);
    }

    public static String currentRevision(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }

    private static ObjectNode objectSchema(Class<?> record) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (RecordComponent component : record.getRecordComponents()) {
            properties.set(component.getName(), typeSchema(component.getGenericType()));
            if (component.getType().isPrimitive()) {
                required.add(component.getName());
            }
        }
        return schema;
    }

    private static ObjectNode typeSchema(Type type) {
        if (type instanceof ParameterizedType parameterized
            && Collection.class.isAssignableFrom((Class<?>) parameterized.getRawType())) {
            ObjectNode schema = nullable("array");
            schema.set("items", typeSchema(parameterized.getActualTypeArguments()[0]));
            return schema;
        }
        Class<?> raw = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
        if (raw == int.class || raw == long.class || raw == short.class) {
            return JSON.objectNode().put("type", "integer");
        }
        if (raw == boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (Number.class.isAssignableFrom(raw)) {
            return nullable(raw == Integer.class || raw == Long.class ? "integer" : "number");
        }
        if (raw == Boolean.class) {
            return nullable("boolean");
        }
        if (raw == LocalDate.class) {
            return nullable("string").put("format", "date");
        }
        if (raw == Instant.class || raw == OffsetDateTime.class) {
            return nullable("string").put("format", "date-time");
        }
        if (raw.isEnum()) {
            ObjectNode schema = nullable("string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            values.addNull();
            return schema;
        }
        if (raw.isRecord()) {
            ObjectNode schema = objectSchema(raw);
            schema.set("type", JSON.arrayNode().add("object").add("null"));
            return schema;
        }
        return nullable("string");
    }

    private static ObjectNode nullable(String type) {
        return JSON.objectNode().set("type", JSON.arrayNode().add(type).add("null"));
    }
}
