package ledger.command.measure.api;

import ledger.command.commons.ActorResolver;
import ledger.command.commons.CommandFailures;
import ledger.command.commons.RequestHeaders;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import ledger.command.dispatch.CommandDispatcher;
import ledger.command.dispatch.CommandDispatcher.Dispatched;
import ledger.command.measure.api.MeasureRequests.AssignMeasureRequest;
import ledger.command.measure.api.MeasureRequests.EscalationRequest;
import ledger.command.measure.api.MeasureRequests.ExtendDueDateRequest;
import ledger.command.measure.api.MeasureRequests.ReportProgressRequest;
import ledger.command.measure.api.MeasureRequests.ResolveEscalationRequest;
import ledger.command.measure.api.MeasureRequests.SubmitPlanRequest;
import ledger.command.measure.api.MeasureRequests.VerificationRequest;
import ledger.messages.Actor;
import ledger.support.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Many measure commands in one request, for internal services that report many measures at once
 * (a JSON array, or NDJSON: one item a line). Each item is the body of one command endpoint with
 * what its headers would say ({@code expectedVersion} for If-Match, its own
 * {@code idempotencyKey}), and gets its own outcome: the same status and problem+json body the
 * endpoint would answer. The items are sent together, so the command bus commits them in few
 * transactions; an item is answered "done" only once its events are committed, and one refused
 * item fails no other.
 */
@Tag(name = "Measure commands")
@RestController
@RequestMapping(path = "/api/v1/commands")
public class BatchCommandController {

    public static final String NDJSON = "application/x-ndjson";

    /** The command endpoint each item stands for, by the name an item gives. */
    enum Kind {
        ASSIGN("assign", AssignMeasureRequest.class, HttpStatus.CREATED),
        PLAN("plan", SubmitPlanRequest.class, HttpStatus.OK),
        PROGRESS("progress", ReportProgressRequest.class, HttpStatus.OK),
        VERIFICATION("verification", VerificationRequest.class, HttpStatus.OK),
        ESCALATION("escalation", EscalationRequest.class, HttpStatus.OK),
        RESOLVE_ESCALATION("resolve-escalation", ResolveEscalationRequest.class, HttpStatus.OK),
        DUE_DATE("due-date", ExtendDueDateRequest.class, HttpStatus.OK);

        final String wireName;
        final Class<?> body;
        final HttpStatus success;

        Kind(String wireName, Class<?> body, HttpStatus success) {
            this.wireName = wireName;
            this.body = body;
            this.success = success;
        }

        static Kind named(String name) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(name)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** One item of a batch. */
    public record Item(String command, String measureId, Long expectedVersion, String idempotencyKey,
                       JsonNode body) {
    }

    /** What became of one item: the status its endpoint would answer, and its body. */
    public record ItemOutcome(int index, int status, String measureId, Long version, Boolean replayed,
                              ProblemDetail problem, @com.fasterxml.jackson.annotation.JsonIgnore String retryAfter) {
    }

    public record BatchOutcome(int done, int failed, List<ItemOutcome> items) {
    }

    private final CommandDispatcher dispatcher;
    private final ActorResolver actorResolver;
    private final MeasureCommands commands;
    private final ObjectMapper objectMapper;
    private final Validator validator;
    private final int maxItems;

    public BatchCommandController(CommandDispatcher dispatcher, ActorResolver actorResolver, MeasureCommands commands,
                                  ObjectMapper objectMapper, Validator validator,
                                  @Value("${ledger.commands.batch.max-items:1000}") int maxItems) {
        this.dispatcher = dispatcher;
        this.actorResolver = actorResolver;
        this.commands = commands;
        this.objectMapper = objectMapper;
        this.validator = validator;
        this.maxItems = maxItems;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendCommands", summary = "Send many commands at once",
               description = "A JSON array (or NDJSON, one item a line) of up to 1,000 measure commands, each "
                             + "the body of its own endpoint with its `command`, `measureId`, optional "
                             + "`expectedVersion` (If-Match) and own `idempotencyKey`. Every item is checked "
                             + "first, then all are sent together and committed in a few transactions. 200 "
                             + "with each item's outcome (its endpoint's status and answer, or problem) when at "
                             + "least one was done; when none was, the batch is refused as a problem+json with "
                             + "the status the items share (422 when they differ) and every item's outcome.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404", description = "No item was done, each for want of its measure; `items` says so.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "412", description = "No item was done, each for a stale `expectedVersion`; `items` says so.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "422", description = "No item was done, for different reasons (or each for an "
                                                + "`idempotencyKey` used before with another request): `items` "
                                                + "holds every item's outcome.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200", description = "At least one item was done: each item's outcome, in order.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                               schema = @Schema(implementation = BatchOutcome.class)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = Item.class))))
    public ResponseEntity<?> jsonArray(@RequestBody String body, HttpServletRequest request) {
        JsonNode items;
        try {
            items = objectMapper.readTree(body);
        } catch (JsonProcessingException e) {
            return malformed("the body is not JSON: " + e.getOriginalMessage());
        }
        if (items == null || !items.isArray()) {
            return malformed("the body must be a JSON array of command items");
        }
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        return run(list, request);
    }

    @PostMapping(consumes = NDJSON, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendCommandsAsNdjson", summary = "Send many commands at once, one a line",
               description = "As `sendCommands`, with one item a line (`application/x-ndjson`).")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404", description = "No item was done, each for want of its measure; `items` says so.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "412", description = "No item was done, each for a stale `expectedVersion`; `items` says so.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "422", description = "No item was done, for different reasons (or each for an "
                                                + "`idempotencyKey` used before with another request): `items` "
                                                + "holds every item's outcome.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200", description = "At least one item was done: each item's outcome, in order.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                               schema = @Schema(implementation = BatchOutcome.class)))
    public ResponseEntity<?> ndjson(@RequestBody String body, HttpServletRequest request) {
        List<JsonNode> list = new ArrayList<>();
        try (MappingIterator<JsonNode> lines = objectMapper.readerFor(JsonNode.class).readValues(body)) {
            while (lines.hasNextValue()) {
                list.add(lines.nextValue());
            }
        } catch (java.io.IOException | RuntimeException e) {
            return malformed("line " + (list.size() + 1) + " is not a JSON object");
        }
        return run(list, request);
    }

    private ResponseEntity<?> run(List<JsonNode> items, HttpServletRequest request) {
        if (items.isEmpty()) {
            return malformed("the batch holds no command");
        }
        if (items.size() > maxItems) {
            return malformed("a batch holds at most " + maxItems + " commands, this one " + items.size());
        }
        Actor actor = actorResolver.resolve(request);
        String correlationId = RequestHeaders.correlationId(request);
        // every item is read and checked before any is sent; then all are sent at once
        List<CompletableFuture<ItemOutcome>> outcomes = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            outcomes.add(send(index, items.get(index), actor, correlationId));
        }
        List<ItemOutcome> results = outcomes.stream().map(CompletableFuture::join)
                                            .sorted(Comparator.comparingInt(ItemOutcome::index)).toList();
        int done = (int) results.stream().filter(r -> r.problem() == null).count();
        if (done == 0) {
            return noneDone(results, correlationId);
        }
        return ResponseEntity.ok()
                             .header(MeasureCommandController.CORRELATION_ID, correlationId)
                             .body(new BatchOutcome(done, results.size() - done, results));
    }

    /**
     * Not one item was done: the batch as a whole is refused, with the status its items share (400
     * for bad input, 403, 409, a 503 with Retry-After while the database is away), or 422 when
     * they differ; the problem lists every item's outcome. Nothing was written.
     */
    private static ResponseEntity<ProblemDetail> noneDone(List<ItemOutcome> results, String correlationId) {
        Set<Integer> statuses = new java.util.TreeSet<>();
        results.forEach(r -> statuses.add(r.status()));
        HttpStatus status = statuses.size() == 1 ? HttpStatus.valueOf(statuses.iterator().next())
                : HttpStatus.UNPROCESSABLE_ENTITY;
        ProblemDetail problem = Problems.of(status, "batch-refused", "No command of the batch was done",
                                            results.size() == 1 ? results.get(0).problem().getDetail()
                                                    : "every item was refused (statuses " + statuses
                                                      + "); see items; nothing was written");
        problem.setProperty("items", results);
        var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                     .header(MeasureCommandController.CORRELATION_ID, correlationId);
        String retryAfter = results.get(0).retryAfter();
        if (status == HttpStatus.SERVICE_UNAVAILABLE && retryAfter != null) {
            response.header(org.springframework.http.HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }

    private CompletableFuture<ItemOutcome> send(int index, JsonNode node, Actor actor, String correlationId) {
        Item item;
        Kind kind;
        Object command;
        String idempotencyKey;
        try {
            item = reader().treeToValue(node, Item.class);
            kind = item == null ? null : Kind.named(item.command());
            if (kind == null) {
                return failed(index, invalid("command", "must be one of assign, plan, progress, verification, "
                                                        + "escalation, resolve-escalation, due-date"));
            }
            if (kind != Kind.ASSIGN && (item.measureId() == null || item.measureId().isBlank())) {
                return failed(index, invalid("measureId", "is required for " + kind.wireName));
            }
            if (item.body() == null || !item.body().isObject()) {
                return failed(index, invalid("body", "must be the JSON object the " + kind.wireName
                                                     + " endpoint takes"));
            }
            Object body;
            try {
                body = reader().treeToValue(item.body(), kind.body);
            } catch (JsonMappingException e) {
                return failed(index, invalid("body." + path(e), e.getOriginalMessage()));
            }
            Set<ConstraintViolation<Object>> violations = validator.validate(body);
            if (!violations.isEmpty()) {
                return failed(index, invalid(violations));
            }
            idempotencyKey = RequestHeaders.idempotencyKey(item.idempotencyKey());
            command = command(kind, item, body);
        } catch (JsonMappingException e) {
            return failed(index, invalid(e.getPath().isEmpty() ? "item" : path(e), e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return failed(index, invalid("item", e.getOriginalMessage()));
        } catch (RequestHeaders.InvalidHeaderException e) {
            return failed(index, invalid("idempotencyKey", e.getMessage()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(index, e));
        }
        Kind sent = kind;
        try {
            return dispatcher.dispatchAsync(command, actor, correlationId, idempotencyKey)
                             .handle((dispatched, failure) -> failure == null ? done(index, sent, dispatched)
                                     : failure(index, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(index, e));
        }
    }

    private ObjectReader reader() {
        return objectMapper.reader();
    }

    private Object command(Kind kind, Item item, Object body) {
        String id = item.measureId();
        Long version = item.expectedVersion();
        return switch (kind) {
            case ASSIGN -> commands.assign((AssignMeasureRequest) body);
            case PLAN -> commands.submitPlan(id, (SubmitPlanRequest) body, version);
            case PROGRESS -> commands.reportProgress(id, (ReportProgressRequest) body, version);
            case VERIFICATION -> commands.verify(id, (VerificationRequest) body, version);
            case ESCALATION -> commands.escalate(id, (EscalationRequest) body, version);
            case RESOLVE_ESCALATION -> commands.resolveEscalation(id, (ResolveEscalationRequest) body, version);
            case DUE_DATE -> commands.extendDueDate(id, (ExtendDueDateRequest) body, version);
        };
    }

    private static ItemOutcome done(int index, Kind kind, Dispatched dispatched) {
        return new ItemOutcome(index, kind.success.value(), dispatched.outcome().measureId(),
                               dispatched.outcome().version(), dispatched.replayed(), null, null);
    }

    private static ItemOutcome failure(int index, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        ResponseEntity<ProblemDetail> answer = CommandFailures.answer(cause);
        return new ItemOutcome(index, answer.getStatusCode().value(), null, null, null, answer.getBody(),
                               answer.getHeaders().getFirst(org.springframework.http.HttpHeaders.RETRY_AFTER));
    }

    private static CompletableFuture<ItemOutcome> failed(int index, ProblemDetail problem) {
        return CompletableFuture.completedFuture(new ItemOutcome(index, problem.getStatus(), null, null, null,
                                                                 problem, null));
    }

    private static ProblemDetail invalid(String field, String message) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                                            field + ": " + message);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", String.valueOf(message))));
        return problem;
    }

    private static ProblemDetail invalid(Set<ConstraintViolation<Object>> violations) {
        List<Map<String, String>> errors = violations.stream()
                .map(v -> {
                    Map<String, String> error = new LinkedHashMap<>();
                    error.put("field", "body." + v.getPropertyPath());
                    error.put("message", v.getMessage());
                    return error;
                })
                .sorted(Comparator.comparing(e -> e.get("field")))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                                            String.join("; ", errors.stream()
                                                                    .map(e -> e.get("field") + " " + e.get("message"))
                                                                    .toList()));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ResponseEntity<ProblemDetail> malformed(String detail) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                             .body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-batch", "Malformed batch",
                                               detail + "; nothing was sent"));
    }
}
