package ledger.command.measure.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import ledger.command.commons.CommandFailures;
import ledger.command.commons.RequestHeaders;
import ledger.command.measure.api.CommandBatch.Item;
import ledger.command.measure.api.MeasureRequests.AssignMeasureRequest;
import ledger.command.measure.api.MeasureRequests.EscalationRequest;
import ledger.command.measure.api.MeasureRequests.ExtendDueDateRequest;
import ledger.command.measure.api.MeasureRequests.ReportProgressRequest;
import ledger.command.measure.api.MeasureRequests.ResolveEscalationRequest;
import ledger.command.measure.api.MeasureRequests.SubmitPlanRequest;
import ledger.command.measure.api.MeasureRequests.VerificationRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponseException;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads one item of a batch into the command it stands for, checked as its endpoint checks its
 * body: read with the service's ObjectMapper (strict types, no unknown fields), then Bean
 * Validation. A refusal is thrown, for {@link ledger.command.commons.CommandFailures} to answer.
 */
@Component
class BatchItems {

    /** The command endpoint each item stands for, by the name an item gives. */
    enum Kind {
        ASSIGN("assign", AssignMeasureRequest.class, HttpStatus.CREATED),
        PLAN("plan", SubmitPlanRequest.class, HttpStatus.OK),
        PROGRESS("progress", ReportProgressRequest.class, HttpStatus.OK),
        VERIFICATION("verification", VerificationRequest.class, HttpStatus.OK),
        ESCALATION("escalation", EscalationRequest.class, HttpStatus.OK),
        RESOLVE_ESCALATION("resolve-escalation", ResolveEscalationRequest.class, HttpStatus.OK),
        DUE_DATE("due-date", ExtendDueDateRequest.class, HttpStatus.OK);

        static final String NAMES = Arrays.stream(values()).map(kind -> kind.wireName)
                                          .collect(Collectors.joining(", "));

        final String wireName;
        final Class<?> body;
        final HttpStatus success;

        Kind(String wireName, Class<?> body, HttpStatus success) {
            this.wireName = wireName;
            this.body = body;
            this.success = success;
        }

        static Kind named(JsonNode name) {
            return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name.textValue())).findFirst()
                         .orElse(null);
        }
    }

    /** An item read and checked: the command to send, with its own Idempotency-Key. */
    record Bound(Kind kind, Object command, String idempotencyKey) {
    }

    private final ObjectMapper objectMapper;
    private final SpringValidatorAdapter validator;
    private final MeasureCommands commands;

    BatchItems(ObjectMapper objectMapper, Validator validator, MeasureCommands commands) {
        this.objectMapper = objectMapper;
        this.validator = new SpringValidatorAdapter(validator);
        this.commands = commands;
    }

    Bound bind(JsonNode node) throws JsonProcessingException, BindException {
        if (!node.isObject() && !node.isNull()) {
            throw invalid("item", "must be a JSON object: one command");
        }
        Kind kind = Kind.named(node.path("command"));
        if (kind == null) {
            throw invalid("command", "must be one of " + Kind.NAMES);
        }
        JsonNode measureId = node.path("measureId");
        if (kind != Kind.ASSIGN && (measureId.isMissingNode() || measureId.isNull() || measureId.asText().isBlank())) {
            throw invalid("measureId", "is required for " + kind.wireName);
        }
        if (!node.path("body").isObject()) {
            throw invalid("body", "must be the JSON object the " + kind.wireName + " endpoint takes");
        }
        JavaType type = objectMapper.getTypeFactory().constructParametricType(Item.class, kind.body);
        Item<?> item = objectMapper.treeToValue(node, type);
        var errors = new BeanPropertyBindingResult(item, "item");
        validator.validate(item, errors);
        if (errors.hasErrors()) {
            throw new BindException(errors);
        }
        return new Bound(kind, command(kind, item), idempotencyKey(item));
    }

    private static String idempotencyKey(Item<?> item) {
        try {
            return RequestHeaders.idempotencyKey(item.idempotencyKey());
        } catch (RequestHeaders.InvalidHeaderException e) {
            throw invalid("idempotencyKey", e.getMessage());
        }
    }

    /** A refusal before the item is read: the field at fault, as Bean Validation would name it. */
    private static ErrorResponseException invalid(String field, String message) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, CommandFailures.invalid(field, message), null);
    }

    private Object command(Kind kind, Item<?> item) {
        String id = item.measureId();
        Long version = item.expectedVersion();
        Object body = item.body();
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
}
