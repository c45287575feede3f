package ledger.query.notify;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.messages.eventstore.MessageTypes;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.plan.PlanEvent;
import ledger.query.commons.InvalidQueryException;
import org.axonframework.serialization.Revision;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A subscription as an ADMIN asks for it, checked whole before anything is written: an absolute
 * http(s) URL without credentials, event types the ledger stores (by their logical names, as the
 * audit feed shows them: any event type added later is accepted as soon as it is a stored event),
 * optional lead units (canonical names), an optional description. Unknown fields are refused.
 */
public record SubscriptionRequest(String url, List<String> eventTypes, List<String> leadUnits, String description) {

    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "leadUnits", "description");
    private static final int MAX_ITEMS = 100;

    public static SubscriptionRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidQueryException("body", "a JSON object {url, eventTypes, leadUnits?, description?}");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new InvalidQueryException(name, "unknown field");
            }
        });
        String url = url(text(body, "url", 2000, true));
        List<String> types = list(body, "eventTypes", 100, true);
        for (String type : types) {
            boolean event = MessageTypes.classOf(type)
                                        .filter(c -> MeasureEvent.class.isAssignableFrom(c)
                                                     || PlanEvent.class.isAssignableFrom(c)
                                                     // every stored event carries a revision; commands and queries do not
                                                     || c.isAnnotationPresent(Revision.class))
                                        .isPresent();
            if (!event) {
                throw new InvalidQueryException("eventTypes", "not an event type of the ledger: " + type);
            }
        }
        List<String> units = list(body, "leadUnits", 100, false);
        String description = text(body, "description", 500, false);
        return new SubscriptionRequest(url, types, units, description);
    }

    private static String url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidQueryException("url", "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidQueryException("url", "must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidQueryException("url", "must not carry credentials: the signature authenticates the ledger");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidQueryException("url", "must not have a fragment");
        }
        return text;
    }

    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidQueryException(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidQueryException(field, "must be text");
        }
        return checked(field, node.asText(), max);
    }

    private static List<String> list(JsonNode body, String field, int maxLength, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidQueryException(field, "is required: a list of at least one");
            }
            return List.of();
        }
        if (!node.isArray() || (required && node.isEmpty()) || node.size() > MAX_ITEMS) {
            throw new InvalidQueryException(field, "must be a list of 1 to " + MAX_ITEMS + " names");
        }
        Set<String> items = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new InvalidQueryException(field, "must hold text only");
            }
            items.add(checked(field, item.asText(), maxLength));
        }
        return new ArrayList<>(items);
    }

    private static String checked(String field, String value, int max) {
        String text = value.strip();
        if (text.isEmpty() || text.length() > max) {
            throw new InvalidQueryException(field, "must be 1 to " + max + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidQueryException(field, "must not contain control characters");
        }
        return text;
    }
}
