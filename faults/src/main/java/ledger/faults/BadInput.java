package ledger.faults;

import ledger.rawhttp.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The generated bad-input run: requests built from both services' OpenAPI descriptions, each of
 * them wrong in one way (a wrong type, a missing or extra field, a number out of range, an
 * over-long or malformed string, a bad header, a wrong method, an unknown id), and every role
 * against every operation. Every write request is invalid by construction, so none may append
 * an event. Each request carries X-Correlation-Id bad-input-N, so an event appended anyway names
 * the request that did it.
 */
final class BadInput {

    /** One request. {@code legal}: a read in the role sweep that has no invalid form; a 2xx is right there. */
    record Case(int number, String service, String method, String path, String role, String what,
                List<RawHttp.Header> headers, byte[] body, boolean legal) {
    }

    record Failure(String kind, String method, String path, String role, String what, int status,
                   String contentType, String answer) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LONE_SURROGATE = "@@lone-surrogate@@";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final Settings settings;
    private final Checks checks;
    private final RawHttp http = new RawHttp(60_000);
    private final List<Case> cases = new ArrayList<>();
    final List<Failure> failures = new ArrayList<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    private int uniqueNumber = 5000;

    BadInput(Settings settings, Checks checks) {
        this.settings = settings;
        this.checks = checks;
    }

    void run() throws Exception {
        generate("command", settings.commandUrl(), docs(settings.commandUrl()));
        generate("query", settings.queryUrl(), docs(settings.queryUrl()));
        checks.awaitCaughtUp();
        long lastBefore = lastPosition();
        Map<Integer, Long> byStatus = new TreeMap<>();
        long fiveXx = 0, notProblem = 0, accepted = 0, reads2xx = 0, legal2xx = 0, noAnswer = 0;
        for (Case c : cases) {
            String base = c.service().equals("command") ? settings.commandUrl() : settings.queryUrl();
            List<RawHttp.Header> headers = new ArrayList<>(c.headers());
            headers.add(new RawHttp.Header("X-Correlation-Id", "bad-input-" + c.number()));
            RawHttp.Response response;
            try {
                response = http.send(c.method(), base, c.path(), headers, c.body());
            } catch (IOException e) {
                http.reset();
                noAnswer++;
                failures.add(new Failure("no answer", c.method(), c.path(), c.role(), c.what(), 0, "", e.toString()));
                continue;
            }
            int status = response.status();
            byStatus.merge(status, 1L, Long::sum);
            String type = response.contentType();
            if (status >= 500) {
                fiveXx++;
                failures.add(failure("5xx", c, response));
            } else if (status >= 400 && !type.startsWith("application/problem+json")) {
                notProblem++;
                failures.add(failure("4xx not problem+json", c, response));
            } else if (status / 100 == 2 && c.legal()) {
                legal2xx++;
            } else if (status / 100 == 2 && c.method().equals("GET")) {
                reads2xx++;
            } else if (status / 100 == 2) {
                accepted++;
                failures.add(failure("bad input accepted", c, response));
            } else if (status < 400) {
                failures.add(failure("unexpected status", c, response));
            }
        }
        Load.sleep(1_000);
        List<String> appended = appendedSince(lastBefore);
        figures.put("requests", cases.size());
        figures.put("byStatus", byStatus);
        figures.put("5xx", fiveXx);
        figures.put("4xxNotProblemJson", notProblem);
        figures.put("writesAccepted", accepted);
        figures.put("noAnswer", noAnswer);
        figures.put("eventsAppended", appended.size());
        figures.put("appendedEvents", appended.stream().limit(1000).toList());
        figures.put("readsAnswered2xx", reads2xx);
        figures.put("legalRequestsAnswered2xx", legal2xx);
    }

    private static Failure failure(String kind, Case c, RawHttp.Response response) {
        String answer = response.body().replaceAll("\\s+", " ");
        return new Failure(kind, c.method(), c.path(), c.role(), c.what(), response.status(), response.contentType(),
                           answer.length() > 160 ? answer.substring(0, 160) + "…" : answer);
    }

    private JsonNode docs(String base) throws IOException {
        RawHttp.Response response = http.get(base, "/v3/api-docs", settings.token("READER"));
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + base + "/v3/api-docs answered " + response.status());
        }
        return JSON.readTree(response.body());
    }

    private long lastPosition() throws Exception {
        try (Connection db = checks.connect(); var statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Each event appended during the run: its measure, type and the request (correlation id) behind it. */
    private List<String> appendedSince(long position) throws Exception {
        List<String> appended = new ArrayList<>();
        Map<String, Case> byCorrelation = new LinkedHashMap<>();
        cases.forEach(c -> byCorrelation.put("bad-input-" + c.number(), c));
        try (Connection db = checks.connect();
             var query = db.prepareStatement(
                     "SELECT aggregate_identifier, payload_type, convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId' "
                     + "FROM event_store.domain_event_entry WHERE global_index > ? ORDER BY global_index")) {
            query.setLong(1, position);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Case c = byCorrelation.get(rows.getString(3));
                    appended.add(rows.getString(2) + " on " + rows.getString(1) + " by "
                                 + (c == null ? "correlation " + rows.getString(3)
                                              : c.method() + " " + shorten(c.path()) + " as " + c.role() + ": " + c.what()));
                }
            }
        }
        return appended;
    }

    static String shorten(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "…(" + text.length() + " chars)" : text;
    }

    // ---- generation --------------------------------------------------------------------------

    private void generate(String service, String base, JsonNode docs) {
        Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String template = entry.getKey();
            Set<String> defined = new java.util.HashSet<>();
            Iterator<Map.Entry<String, JsonNode>> operations = entry.getValue().fields();
            String someRole = null;
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> op = operations.next();
                String method = op.getKey().toUpperCase();
                if (!METHODS.contains(method)) {
                    continue;
                }
                defined.add(method);
                Operation operation = new Operation(service, method, template, op.getValue(), docs);
                someRole = operation.role;
                if (operation.jsonBody != null && operation.jsonBody.path("type").asText().equals("array")) {
                    batchCases(operation);
                    continue;
                }
                if (operation.jsonBody != null && !operation.jsonBody.has("properties")) {
                    // a body described only as "any JSON" (e.g. the webhook subscription, read by hand):
                    // no fields to mutate, so the malformed bodies alone
                    anyJsonCases(operation);
                    continue;
                }
                roleSweep(operation);
                bodyMutations(operation);
                headerMutations(operation);
                queryMutations(operation);
                unknownIds(operation);
            }
            for (String method : METHODS) {
                if (!defined.contains(method)) {
                    String path = fill(template, settings.measureId(1));
                    add(service, method, path, someRole, "wrong method",
                        json(), method.equals("GET") || method.equals("DELETE") ? null : bytes("{}"), false);
                }
            }
        }
        for (String path : List.of("/v3/api-docs", "/actuator/health")) {
            for (String role : Settings.ROLES) {
                add(service, "GET", path, role, "role sweep (a legal read)", List.of(), null, true);
            }
            add(service, "DELETE", path, "ADMIN", "wrong method", List.of(), null, false);
        }
        add(service, "TRACE", "/api/v1/measures", "SUPERVISOR", "TRACE", List.of(), null, false);
        add(service, "GET", "/api/v1/measures/%2e%2e%2f%2e%2e%2factuator", "READER", "encoded dot-dot path", List.of(), null, false);
        add(service, "GET", "/api/v1/does-not-exist", "READER", "unknown path", List.of(), null, false);
    }

    private void add(String service, String method, String path, String role, String what, List<RawHttp.Header> headers,
                     byte[] body, boolean legal) {
        List<RawHttp.Header> all = new ArrayList<>();
        String token = role == null ? null : settings.token(role);
        if (token != null && headers.stream().noneMatch(h -> h.name().equals("Authorization"))) {
            all.addAll(RawHttp.bearer(token));
        }
        all.addAll(headers);
        cases.add(new Case(cases.size() + 1, service, method, path, role == null ? "none" : role, what, all, body, legal));
    }

    private static List<RawHttp.Header> json() {
        return List.of(new RawHttp.Header("Content-Type", "application/json"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every role (and no token) against the operation, each request invalid where it can be made so. */
    private void roleSweep(Operation op) {
        for (String role : Settings.ROLES) {
            if (op.jsonBody != null) {
                ObjectNode body = op.validBody();
                body.put("unexpectedField", true);
                add(op.service, op.method, op.path(op.validId()), role, "role sweep: valid body plus an unknown field",
                    json(), bytes(body.toString()), false);
            } else if (op.textBody) {
                add(op.service, op.method, op.path(op.validId()), role, "role sweep: an empty notice",
                    List.of(new RawHttp.Header("Content-Type", "text/plain")), new byte[0], false);
            } else if (op.template.contains("{")) {
                add(op.service, op.method, op.path("no-such-" + settings.planId() + "-0"), role, "role sweep: unknown id",
                    List.of(), null, false);
            } else if (op.firstNumericParameter() != null) {
                add(op.service, op.method, op.template + "?" + op.requiredQuery(op.firstNumericParameter(), "-1"), role,
                    "role sweep: " + op.firstNumericParameter() + "=-1", List.of(), null, false);
            } else {
                add(op.service, op.method, op.template + op.requiredQueryOnly(), role, "role sweep (a legal request)",
                    List.of(), null, true);
            }
        }
    }

    /**
     * A body that is an array of items (the batch of commands): batches of which no item can be
     * done, which must be refused whole (4xx problem+json) and append nothing.
     */
    private void batchCases(Operation op) {
        String measure = settings.measureId(1);
        String item = "{\"command\":\"progress\",\"measureId\":\"" + measure + "\",\"body\":%s}";
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("batch: an item's body with an unknown field",
                   "[" + item.formatted("{\"percentComplete\":10,\"summary\":\"x\",\"unexpectedField\":true}") + "]");
        bodies.put("batch: percent out of range", "[" + item.formatted("{\"percentComplete\":101,\"summary\":\"x\"}") + "]");
        bodies.put("batch: an unknown command", "[{\"command\":\"teleport\",\"measureId\":\"" + measure + "\",\"body\":{}}]");
        bodies.put("batch: no measure id", "[{\"command\":\"progress\",\"body\":{\"percentComplete\":1,\"summary\":\"x\"}}]");
        bodies.put("batch: an unknown field in the item", "[{\"command\":\"progress\",\"measureId\":\"" + measure
                                                         + "\",\"actorId\":\"someone-else\",\"body\":{}}]");
        bodies.put("batch: an unknown measure", "[" + item.formatted("{\"percentComplete\":1,\"summary\":\"x\"}")
                .replace(measure, settings.planId() + "-99999") + "]");
        bodies.put("batch: empty", "[]");
        bodies.put("batch: an object, not an array", item.formatted("{}"));
        bodies.put("batch: invalid JSON", "[{\"command\":");
        bodies.put("batch: JSON null", "null");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            add(op.service, op.method, op.template, op.role, body.getKey(), json(), bytes(body.getValue()), false);
        }
        for (String role : Settings.ROLES) {
            add(op.service, op.method, op.template, role, "batch role sweep: an item with an unknown field", json(),
                bytes(bodies.get("batch: an item's body with an unknown field")), false);
        }
    }

    private void anyJsonCases(Operation op) {
        String path = op.path(op.validId());
        for (String[] body : new String[][]{{"invalid JSON", "{\"url\":"}, {"empty body", ""}, {"JSON array", "[]"},
                {"JSON null", "null"}, {"a number", "42"}, {"an empty object", "{}"}}) {
            add(op.service, op.method, path, op.role, body[0], json(), bytes(body[1]), false);
        }
        for (String role : Settings.ROLES) {
            add(op.service, op.method, path, role, "role sweep: an empty object", json(), bytes("{}"), false);
        }
    }

    private void bodyMutations(Operation op) {
        if (op.textBody && op.jsonBody == null) {
            textBodies(op);
        }
        if (op.jsonBody == null) {
            return;
        }
        String path = op.path(op.validId());
        ObjectNode valid = op.validBody();
        for (Map.Entry<String, Function<JsonNode, JsonNode>> m : op.mutations(op.jsonBody, "").entrySet()) {
            JsonNode mutated = m.getValue().apply(op.validBody());
            String text = mutated.toString().replace(LONE_SURROGATE, "\\ud800");
            add(op.service, op.method, path, op.role, m.getKey(), json(), bytes(text), false);
        }
        ObjectNode extra = valid.deepCopy();
        extra.put("actorId", "someone-else");
        add(op.service, op.method, path, op.role, "extra field actorId", json(), bytes(extra.toString()), false);
        for (String[] body : new String[][]{
                {"invalid JSON", "{\"summary\":"}, {"empty body", ""}, {"JSON array", "[]"}, {"JSON null", "null"},
                {"JSON string", "\"text\""}, {"deep nesting", "[".repeat(5000) + "]".repeat(5000)},
                {"body over 256 KiB", "{\"x\":\"" + "x".repeat(300_000) + "\"}"}}) {
            add(op.service, op.method, path, op.role, body[0], json(), bytes(body[1]), false);
        }
        byte[] invalidUtf8 = bytes(valid.toString().replaceFirst(":\"", ":\"@"));
        for (int i = 0; i < invalidUtf8.length; i++) {
            if (invalidUtf8[i] == '@') {
                invalidUtf8 = concat(invalidUtf8, i);
                break;
            }
        }
        add(op.service, op.method, path, op.role, "invalid UTF-8 in a string", json(), invalidUtf8, false);
        add(op.service, op.method, path, op.role, "Content-Type text/xml", List.of(new RawHttp.Header("Content-Type", "text/xml")),
            bytes(valid.toString()), false);
        add(op.service, op.method, path, op.role, "no Content-Type", List.of(), bytes(valid.toString()), false);
        add(op.service, op.method, path, op.role, "Content-Type with a bogus charset",
            List.of(new RawHttp.Header("Content-Type", "application/json; charset=no-such-charset")), bytes(valid.toString()), false);
    }

    /** The bytes with the one at {@code at} replaced by 0xC3 0x28, an invalid UTF-8 sequence. */
    private static byte[] concat(byte[] bytes, int at) {
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, at);
        result[at] = (byte) 0xC3;
        result[at + 1] = 0x28;
        System.arraycopy(bytes, at + 1, result, at + 2, bytes.length - at - 1);
        return result;
    }

    private void textBodies(Operation op) {
        List<RawHttp.Header> text = List.of(new RawHttp.Header("Content-Type", "text/plain; charset=UTF-8"));
        for (String[] body : new String[][]{{"empty notice", ""}, {"a NUL notice", "\u0000"},
                {"control characters", "\u0007\u001b[2J\r\n\u0000"}, {"not a notice", "hello"},
                {"notice over 256 KiB", "广东省".repeat(40_000)}}) {
            add(op.service, op.method, op.template + "?planId=" + settings.planId() + "-bad-" + (uniqueNumber++),
                op.role, body[0], text, bytes(body[1]), false);
        }
        add(op.service, op.method, op.template + "?planId=Bad_Plan_Id", op.role, "notice with a malformed planId", text,
            bytes("hello"), false);
    }

    private void headerMutations(Operation op) {
        if (op.method.equals("GET") || (op.jsonBody == null && !op.textBody)) {
            return;
        }
        String path = op.path(op.validId());
        String contentType = op.jsonBody != null ? "application/json" : "text/plain";
        boolean ifMatch = op.parameters("header").stream().anyMatch(h -> h.path("name").asText().equalsIgnoreCase("If-Match"))
                          || (op.service.equals("command") && op.template.contains("{"));
        String[][] headers = {
                {"Idempotency-Key", "ключ-é", "non-ASCII Idempotency-Key"},
                {"Idempotency-Key", "k".repeat(256), "Idempotency-Key of 256 characters"},
                {"Idempotency-Key", "", "empty Idempotency-Key"},
                {"Idempotency-Key", "a b", "Idempotency-Key with a space"},
                {"If-Match", "abc", "If-Match unquoted text"},
                {"If-Match", "\"abc\"", "If-Match quoted text"},
                {"If-Match", "\"1", "If-Match unterminated"},
                {"If-Match", "\"-1\"", "If-Match negative"},
                {"If-Match", "\"99999999999999999999999\"", "If-Match beyond a long"},
                {"If-Match", "\"é\"", "If-Match non-ASCII"},
                {"Authorization", "Bearer", "Authorization without a token"},
                {"Authorization", "Bearer not.a.jwt", "Authorization with a malformed token"},
                {"Authorization", "Basic Zm9vOmJhcg==", "Authorization Basic"},
                {"Authorization", "Bearer " + settings.token(op.role) + "x", "Authorization with a bad signature"},
                {"Authorization", "Bearer ключ", "Authorization non-ASCII"},
        };
        for (String[] header : headers) {
            if (header[0].equals("If-Match") && !ifMatch) {
                continue;
            }
            List<RawHttp.Header> list = new ArrayList<>();
            list.add(new RawHttp.Header("Content-Type", contentType));
            list.add(new RawHttp.Header(header[0], header[1]));
            if (!header[0].equals("Authorization")) {
                list.add(0, RawHttp.bearer(settings.token(op.role)).get(0));
            }
            byte[] body = op.jsonBody != null ? bytes(op.validBody().toString()) : bytes("hello");   // fresh ids each time
            cases.add(new Case(cases.size() + 1, op.service, op.method, op.textBody && op.jsonBody == null
                    ? path + "?planId=" + settings.planId() + "-bad-" + (uniqueNumber++) : path,
                               op.role, header[2], list, body, false));
        }
    }

    private void queryMutations(Operation op) {
        for (JsonNode parameter : op.parameters("query")) {
            String name = parameter.path("name").asText();
            JsonNode schema = op.resolve(parameter.path("schema"));
            List<String[]> values = new ArrayList<>(List.of(
                    new String[]{"%00", "NUL"}, new String[]{"%zz", "malformed percent-encoding"},
                    new String[]{"x".repeat(5_000), "5,000 characters"}, new String[]{"%C3%28", "invalid UTF-8"}));
            if (isNumeric(schema) || name.matches("after|limit|position|page|size")) {
                values.addAll(List.of(new String[]{"abc", "not a number"}, new String[]{"-1", "negative"},
                                      new String[]{"99999999999999999999", "beyond a long"}, new String[]{"1.5", "a fraction"}));
            } else if (schema.has("enum") || name.matches("status|urgency|sort|asOf|digest")) {
                values.add(new String[]{"NOT_A_VALUE", "unknown value"});
            }
            for (String[] value : values) {
                add(op.service, op.method, fill(op.template, settings.measureId(1)) + "?"
                                            + op.requiredQuery(name, value[0]),
                    op.role, "query " + name + ": " + value[1], List.of(), null, false);
            }
        }
    }

    private void unknownIds(Operation op) {
        if (!op.template.contains("{")) {
            return;
        }
        List<RawHttp.Header> headers = op.jsonBody != null ? json() : List.of();
        byte[] body = op.jsonBody != null ? bytes(op.validBody().toString()) : null;
        for (String id : List.of(settings.planId() + "-99999", "no-such-measure", "x".repeat(300), "%2F", "..%2F..%2Fetc",
                                 "%00", "%C0%AE", "%E2%80%AE", "a%20b", "%25", "%0D%0A")) {
            add(op.service, op.method, op.path(id) + op.requiredQueryOnly(), op.role, "unknown id " + shorten(id),
                headers, body, false);
        }
    }

    /** The template with {name} an unknown projection and any other path variable the given id. */
    private static String fill(String template, String id) {
        return java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template).replaceAll(
                m -> java.util.regex.Matcher.quoteReplacement(m.group(1).equals("name") ? "no-such-projection" : id));
    }

    private static boolean isNumeric(JsonNode schema) {
        String type = schema.path("type").asText();
        return type.equals("integer") || type.equals("number");
    }

    /** One operation of an OpenAPI description, with what is needed to build requests for it. */
    private final class Operation {
        final String service;
        final String method;
        final String template;
        final JsonNode op;
        final JsonNode docs;
        final JsonNode jsonBody;
        final boolean textBody;
        final String role;

        Operation(String service, String method, String template, JsonNode op, JsonNode docs) {
            this.service = service;
            this.method = method;
            this.template = template;
            this.op = op;
            this.docs = docs;
            JsonNode content = op.path("requestBody").path("content");
            this.jsonBody = content.has("application/json") ? resolve(content.path("application/json").path("schema")) : null;
            this.textBody = content.has("text/plain");
            this.role = roleFor();
        }

        /** The role the table of endpoints in docs/API.md allows for this operation. */
        private String roleFor() {
            if (service.equals("command")) {
                return template.endsWith("/plan") || template.endsWith("/progress") ? "UNIT" : "SUPERVISOR";
            }
            if (template.startsWith("/api/v1/admin")) {
                return "ADMIN";
            }
            if (template.startsWith("/api/v1/audit") || template.endsWith("/history") || template.endsWith("/state")) {
                return "AUDITOR";
            }
            return "READER";
        }

        String validId() {
            return settings.measureId(1);
        }

        String path(String id) {
            return fill(template, id);
        }

        List<JsonNode> parameters(String in) {
            List<JsonNode> found = new ArrayList<>();
            op.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals(in)) {
                    found.add(p);
                }
            });
            return found;
        }

        String firstNumericParameter() {
            return parameters("query").stream().map(p -> p.path("name").asText())
                                      .filter(n -> n.matches("after|limit|position|page|size")).findFirst().orElse(null);
        }

        /** The required query parameters with valid values, and {@code name=value}. */
        String requiredQuery(String name, String value) {
            StringBuilder query = new StringBuilder(name).append('=').append(value);
            for (JsonNode p : parameters("query")) {
                String other = p.path("name").asText();
                if (p.path("required").asBoolean() && !other.equals(name)) {
                    query.append('&').append(other).append('=').append(validQueryValue(other));
                }
            }
            return query.toString();
        }

        String requiredQueryOnly() {
            StringBuilder query = new StringBuilder();
            for (JsonNode p : parameters("query")) {
                if (p.path("required").asBoolean()) {
                    query.append(query.isEmpty() ? '?' : '&').append(p.path("name").asText()).append('=')
                         .append(validQueryValue(p.path("name").asText()));
                }
            }
            return query.toString();
        }

        private String validQueryValue(String name) {
            return switch (name) {
                case "digest" -> "0".repeat(64);
                case "asOf" -> "2030-01-01T00:00:00Z";
                case "position" -> "1";
                default -> "1";
            };
        }

        JsonNode resolve(JsonNode schema) {
            while (schema.has("$ref")) {
                String[] parts = schema.path("$ref").asText().substring(2).split("/");
                JsonNode target = docs;
                for (String part : parts) {
                    target = target.path(part);
                }
                schema = target;
            }
            return schema;
        }

        ObjectNode validBody() {
            return (ObjectNode) valid(jsonBody, "");
        }

        /** A value the schema accepts, and that the command accepts on the suite's own measure. */
        private JsonNode valid(JsonNode schema, String name) {
            schema = resolve(schema);
            String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
            switch (type) {
                case "object" -> {
                    ObjectNode object = NODES.objectNode();
                    Set<String> required = new java.util.HashSet<>();
                    schema.path("required").forEach(r -> required.add(r.asText()));
                    schema.path("properties").fields().forEachRemaining(p -> {
                        if (required.contains(p.getKey())) {
                            object.set(p.getKey(), valid(p.getValue(), p.getKey()));
                        }
                    });
                    return object;
                }
                case "array" -> {
                    ArrayNode array = NODES.arrayNode();
                    array.add(valid(schema.path("items"), name));
                    return array;
                }
                case "integer", "number" -> {
                    return switch (name) {
                        case "number" -> NODES.numberNode(1000 + uniqueNumber++ % 8999);
                        case "percentComplete" -> NODES.numberNode(50);
                        default -> NODES.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
                    };
                }
                case "boolean" -> {
                    return NODES.booleanNode(true);
                }
                default -> {
                    if (schema.has("enum")) {
                        List<String> values = new ArrayList<>();
                        schema.path("enum").forEach(v -> values.add(v.asText()));
                        return NODES.textNode(values.contains("REJECTED") ? "REJECTED" : values.get(0));
                    }
                    if ("date".equals(schema.path("format").asText())) {
                        return NODES.textNode(name.equals("newDueDate") ? "2031-0" + (1 + uniqueNumber++ % 9) + "-01" : "2030-06-30");
                    }
                    return switch (name) {
                        case "planId" -> NODES.textNode(service.equals("command") && template.contains("import")
                                                        ? settings.planId() + "-bad-" + (uniqueNumber++) : settings.planId());
                        case "leadUnits" -> NODES.textNode(settings.unit());
                        default -> NODES.textNode("bad input run");
                    };
                }
            }
        }

        /** "field: what is wrong" → how to make a valid body wrong in exactly that way. */
        Map<String, Function<JsonNode, JsonNode>> mutations(JsonNode schema, String prefix) {
            Map<String, Function<JsonNode, JsonNode>> mutations = new LinkedHashMap<>();
            Set<String> required = new java.util.HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            schema.path("properties").fields().forEachRemaining(p -> {
                String field = p.getKey();
                JsonNode property = resolve(p.getValue());
                String label = prefix + field;
                String type = property.path("type").asText(property.has("properties") ? "object" : "string");
                if (required.contains(field)) {
                    mutations.put(label + ": missing", b -> remove(b, prefix, field));
                    mutations.put(label + ": null", b -> set(b, prefix, field, NODES.nullNode()));
                }
                List<Object[]> wrong = new ArrayList<>();
                switch (type) {
                    case "integer", "number" -> {
                        wrong.add(new Object[]{"a number as text", NODES.textNode("12")});
                        wrong.add(new Object[]{"a fraction", NODES.numberNode(1.5)});
                        wrong.add(new Object[]{"a boolean", NODES.booleanNode(true)});
                        wrong.add(new Object[]{"beyond an int", NODES.numberNode(2_147_483_648L)});
                        wrong.add(new Object[]{"1e20", NODES.numberNode(new java.math.BigDecimal("1e20"))});
                        if (property.has("minimum")) {
                            wrong.add(new Object[]{"below its minimum", NODES.numberNode(property.path("minimum").asLong() - 1)});
                        }
                        if (property.has("maximum")) {
                            wrong.add(new Object[]{"above its maximum", NODES.numberNode(property.path("maximum").asLong() + 1)});
                        }
                    }
                    case "array" -> {
                        wrong.add(new Object[]{"a string for a list", NODES.textNode("x")});
                        wrong.add(new Object[]{"an object for a list", NODES.objectNode()});
                        JsonNode items = resolve(property.path("items"));
                        if (isNumeric(items)) {
                            wrong.add(new Object[]{"text in a list of numbers", NODES.arrayNode().add("x")});
                        } else if (!items.has("properties")) {
                            wrong.add(new Object[]{"an empty string in the list", NODES.arrayNode().add("")});
                            wrong.add(new Object[]{"a number in the list", NODES.arrayNode().add(123)});
                            wrong.add(new Object[]{"null in the list", NODES.arrayNode().addNull()});
                            wrong.add(new Object[]{"NUL in the list", NODES.arrayNode().add("a\u0000b")});
                        } else {
                            wrong.add(new Object[]{"an empty object in the list", NODES.arrayNode().add(NODES.objectNode())});
                        }
                        ArrayNode tooMany = NODES.arrayNode();
                        for (int i = 0; i < property.path("maxItems").asInt(1000) + 1; i++) {
                            tooMany.add(items.has("properties") ? valid(items, field) : NODES.textNode("item " + i));
                        }
                        wrong.add(new Object[]{"more items than allowed", tooMany});
                    }
                    case "boolean" -> wrong.add(new Object[]{"a string for a boolean", NODES.textNode("yes")});
                    default -> {
                        wrong.add(new Object[]{"a number for text", NODES.numberNode(-1)});
                        wrong.add(new Object[]{"a boolean for text", NODES.booleanNode(true)});
                        wrong.add(new Object[]{"an object for text", NODES.objectNode()});
                        wrong.add(new Object[]{"a NUL character", NODES.textNode("a\u0000b")});
                        wrong.add(new Object[]{"control characters", NODES.textNode("\u0007\u001b[2J\u0008")});
                        wrong.add(new Object[]{"a lone surrogate", NODES.textNode(LONE_SURROGATE)});
                        if (property.has("enum")) {
                            wrong.add(new Object[]{"an unknown value", NODES.textNode("NOT_A_VALUE")});
                        } else if ("date".equals(property.path("format").asText())) {
                            wrong.add(new Object[]{"February 30", NODES.textNode("2030-02-30")});
                            wrong.add(new Object[]{"9999-99-99", NODES.textNode("9999-99-99")});
                            wrong.add(new Object[]{"a date-time", NODES.textNode("2030-06-30T00:00:00Z")});
                        } else {
                            if (required.contains(field)) {
                                wrong.add(new Object[]{"blank", NODES.textNode("   ")});
                            }
                            int max = property.path("maxLength").asInt(0);
                            if (max > 0) {
                                wrong.add(new Object[]{"longer than " + max, NODES.textNode("x".repeat(max + 1))});
                            }
                            if (property.has("pattern")) {
                                wrong.add(new Object[]{"not matching its pattern", NODES.textNode("Bad_Value/..")});
                            }
                        }
                    }
                }
                for (Object[] w : wrong) {
                    JsonNode value = (JsonNode) w[1];
                    mutations.put(label + ": " + w[0], b -> set(b, prefix, field, value));
                }
                if (type.equals("array") && resolve(property.path("items")).has("properties") && prefix.isEmpty()) {
                    JsonNode items = resolve(property.path("items"));
                    mutations.putAll(nested(field, items));
                }
            });
            return mutations;
        }

        /** The mutations of the first item of a list of objects (a plan's measures, a plan's milestones). */
        private Map<String, Function<JsonNode, JsonNode>> nested(String field, JsonNode items) {
            Map<String, Function<JsonNode, JsonNode>> nested = new LinkedHashMap<>();
            mutations(items, field + "[0].").forEach((label, mutation) -> nested.put(label, b -> {
                ObjectNode body = (ObjectNode) b;
                if (!body.has(field) || body.path(field).isEmpty()) {
                    body.set(field, NODES.arrayNode().add(valid(items, field)));
                }
                return mutation.apply(b);
            }));
            return nested;
        }

        private JsonNode target(JsonNode body, String prefix) {
            return prefix.isEmpty() ? body : body.path(prefix.substring(0, prefix.indexOf('['))).path(0);
        }

        private JsonNode remove(JsonNode body, String prefix, String field) {
            ((ObjectNode) target(body, prefix)).remove(field);
            return body;
        }

        private JsonNode set(JsonNode body, String prefix, String field, JsonNode value) {
            ((ObjectNode) target(body, prefix)).set(field, value);
            return body;
        }
    }
}
