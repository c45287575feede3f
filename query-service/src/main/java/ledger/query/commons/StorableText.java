package ledger.query.commons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A view's copy of an event's text, made storable. PostgreSQL's {@code text} and {@code jsonb}
 * refuse one character, NUL (U+0000); the command API refuses it too, but an event that holds
 * one may already be in a ledger, and the store is immutable. A view shows each NUL as
 * {@value #NUL_MARK} (U+FFFD, the replacement character), a mark no reader takes for text that
 * was written; nothing else changes. The event in the store, which the hash chain covers, keeps
 * its NUL, and {@code /api/v1/audit/events} serves it as stored.
 */
public final class StorableText {

    /** What a view shows in place of a NUL. */
    public static final char NUL_MARK = '\uFFFD';

    private StorableText() {
    }

    public static String of(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', NUL_MARK);
    }

    public static Object[] of(List<String> texts) {
        return texts.stream().map(StorableText::of).toArray();
    }

    /** The value as JSON for a {@code jsonb} column; a text with NUL in it is marked as above. */
    public static String json(ObjectMapper mapper, Object value) {
        try {
            String json = mapper.writeValueAsString(value);
            // a NUL in a string is written as the escape \u0000; no escape, no NUL
            if (!json.contains("\\u0000")) {
                return json;
            }
            return mapper.writeValueAsString(storable(mapper.valueToTree(value)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode storable(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(of(node.textValue()));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, storable(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            object.removeAll();
            fields.forEach(field -> object.set(of(field.getKey()), storable(field.getValue())));
        }
        return node;
    }
}
