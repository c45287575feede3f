package ledger.command.importing.api;

import ledger.command.commons.ActorResolver;
import ledger.command.commons.NoControlCharacters;
import ledger.command.commons.RequestHeaders;
import ledger.command.commons.TextLimits;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import ledger.command.importing.ImportRejectedException;
import ledger.command.importing.NoticeParser;
import ledger.command.importing.ParsedNotice;
import ledger.command.importing.PlanImporter;
import ledger.command.importing.PlanImporter.ImportResult;
import ledger.command.importing.PlanImporter.PlanToImport;
import ledger.messages.Actor;
import ledger.messages.eventstore.Sha256;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.MeasureId;
import ledger.messages.measure.Recurrence;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a plan: the notice's text as published, or a JSON plan. Parsing and name resolution
 * happen before anything is sent, so a bad text writes nothing. With
 * {@code Accept: application/x-ndjson} the answer streams one line per measure, then the result.
 */
@Tag(name = "Plans",
     description = "Importing a plan: the notice as published, or a JSON plan; idempotent by plan "
                   + "id.")
@RestController
@RequestMapping(path = "/api/v1/plans")
public class PlanImportController {

    public static final String NDJSON = "application/x-ndjson";

    private final NoticeParser parser;
    private final PlanImporter importer;
    private final ActorResolver actorResolver;
    private final ObjectMapper json;

    public PlanImportController(NoticeParser parser, PlanImporter importer, ActorResolver actorResolver,
                                ObjectMapper json) {
        this.parser = parser;
        this.importer = importer;
        this.actorResolver = actorResolver;
        this.json = json;
    }

    /** The answer: what the plan is and what this import created. */
    public record ImportResponse(String planId, String title, boolean planRegistered, int measures,
                                 List<String> created, List<String> alreadyPresent, String message) {

        static ImportResponse of(ImportResult result) {
            int total = result.created().size() + result.alreadyPresent().size();
            String message = result.created().isEmpty()
                    ? "plan " + result.planId() + " is already on the ledger: nothing new was created"
                    : "created " + result.created().size() + " of " + total + " measures";
            return new ImportResponse(result.planId(), result.title(), result.planRegistered(), total,
                                      result.created(), result.alreadyPresent(), message);
        }
    }

    @ImportPlanOperation
    @PostMapping(path = "/import", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ImportResponse> importNotice(@RequestBody byte[] body,
                                                       @RequestHeader(name = "Content-Type", required = false)
                                                       String contentType,
                                                       @RequestParam(required = false) String planId,
                                                       @RequestParam(required = false) List<Integer> remindDaysBefore,
                                                       HttpServletRequest request) {
        Actor actor = actorResolver.resolve(request);
        return imported(notice(body, contentType, planId, remindDaysBefore), actor, request);
    }

    /** The same, answering one line per measure as it goes, then the result. */
    @ImportPlanOperation
    @PostMapping(path = "/import", consumes = MediaType.TEXT_PLAIN_VALUE, produces = NDJSON)
    public ResponseEntity<StreamingResponseBody> importNoticeWithProgress(
            @RequestBody byte[] body, @RequestHeader(name = "Content-Type", required = false) String contentType,
            @RequestParam(required = false) String planId,
            @RequestParam(required = false) List<Integer> remindDaysBefore, HttpServletRequest request) {
        Actor actor = actorResolver.resolve(request);
        return streamed(notice(body, contentType, planId, remindDaysBefore), actor, request);
    }

    private PlanToImport notice(byte[] body, String contentType, String planId, List<Integer> remindDaysBefore) {
        String text = decode(body, contentType);
        refuseControlCharacters(text);
        String sha256 = Sha256.hex(text);
        ParsedNotice notice = parser.parse(text);
        String id = planId == null || planId.isBlank() ? derivedPlanId(notice) : validPlanId(planId);
        return importer.prepare(notice, id, sha256, remindDaysBefore);
    }

    /** A plan given as JSON, with its measures; its units go through the same reference data. */
    public record JsonPlan(@NotBlank @Pattern(regexp = MeasureId.PLAN_ID_PATTERN, message = MeasureId.PLAN_ID_RULE)
                           String planId,
                           @NotBlank @NoControlCharacters @Size(max = TextLimits.SHORT_TEXT) String title,
                           @NoControlCharacters @Size(max = TextLimits.NAME) String issuer,
                           LocalDate issueDate,
                           @NotNull LocalDate deadline,
                           @NotEmpty @Size(max = 1000) List<@NotNull @Valid JsonMeasure> measures,
                           @Size(max = 10) List<@NotNull @Min(1) @Max(366) Integer> remindDaysBefore) {
    }

    public record JsonMeasure(@NotNull @Min(1) @Max(99) Integer section,
                              @NoControlCharacters @Size(max = TextLimits.SHORT_TEXT) String sectionTitle,
                              @NotNull @Min(1) @Max(9999) Integer number,
                              @NotBlank @NoControlCharacters @Size(max = TextLimits.SHORT_TEXT) String title,
                              @NoControlCharacters(multiline = true) @Size(max = TextLimits.LONG_TEXT) String description,
                              @NotEmpty @Size(max = TextLimits.LIST)
                              List<@NotBlank @NoControlCharacters @Size(max = TextLimits.NAME) String> leaders,
                              @NotEmpty @Size(max = TextLimits.LIST)
                              List<@NotBlank @NoControlCharacters @Size(max = TextLimits.NAME) String> leadUnits,
                              LocalDate dueDate,
                              Recurrence recurrence,
                              @Min(1) @Max(366) Integer timesPerYear) {
    }

    @ImportPlanOperation
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE,
                 produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ImportResponse> importJson(@Valid @RequestBody JsonPlan plan, HttpServletRequest request)
            throws IOException {
        Actor actor = actorResolver.resolve(request);
        return imported(jsonPlan(plan), actor, request);
    }

    @ImportPlanOperation
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE, produces = NDJSON)
    public ResponseEntity<StreamingResponseBody> importJsonWithProgress(@Valid @RequestBody JsonPlan plan,
                                                                        HttpServletRequest request)
            throws IOException {
        Actor actor = actorResolver.resolve(request);
        return streamed(jsonPlan(plan), actor, request);
    }

    private PlanToImport jsonPlan(JsonPlan plan) throws IOException {
        List<AssignMeasure> measures = new ArrayList<>();
        for (int i = 0; i < plan.measures().size(); i++) {
            JsonMeasure m = plan.measures().get(i);
            measures.add(importer.prepare(plan.planId(), plan.deadline(), i, m.section(), m.sectionTitle(),
                                          m.number(), m.title(), m.description(), m.leaders(), m.leadUnits(),
                                          m.dueDate(), m.recurrence(), m.timesPerYear()));
        }
        if (measures.stream().map(AssignMeasure::number).distinct().count() != measures.size()) {
            throw ImportRejectedException.invalid("measures", "measure numbers must be unique");
        }
        return new PlanToImport(plan.planId(), plan.title(), plan.issuer(), plan.issueDate(), plan.deadline(),
                                Sha256.hex(json.writeValueAsString(plan)), measures, plan.remindDaysBefore());
    }

    private ResponseEntity<ImportResponse> imported(PlanToImport plan, Actor actor, HttpServletRequest request) {
        importer.checkSource(plan);
        ImportResult result = importer.importPlan(plan, actor, correlationId(request), p -> { });
        return ResponseEntity.status(result.created().isEmpty() ? HttpStatus.OK : HttpStatus.CREATED)
                             .body(ImportResponse.of(result));
    }

    /** Everything that can refuse the import is checked before the first line is sent. */
    private ResponseEntity<StreamingResponseBody> streamed(PlanToImport plan, Actor actor,
                                                           HttpServletRequest request) {
        importer.checkSource(plan);
        String correlationId = correlationId(request);
        StreamingResponseBody stream = out -> {
            ImportResult result = importer.importPlan(plan, actor, correlationId, p -> line(out, p));
            line(out, ImportResponse.of(result));
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(stream);
    }

    /**
     * The request's correlation id. An import is idempotent by itself (it skips what exists), so it
     * needs no Idempotency-Key; one that is sent must still be well-formed, as on every command.
     */
    private static String correlationId(HttpServletRequest request) {
        RequestHeaders.idempotencyKey(request.getHeader(RequestHeaders.IDEMPOTENCY_KEY));
        return RequestHeaders.correlationId(request);
    }

    private void line(OutputStream out, Object value) {
        try {
            out.write(json.writeValueAsBytes(value));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(byte[] body, String contentType) {
        Charset given = contentType == null ? null : MediaType.parseMediaType(contentType).getCharset();
        Charset charset = given != null ? given : StandardCharsets.UTF_8;
        String text = new String(body, charset);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A notice is lines of text: tab and line breaks, and no other control character, NUL least of all. */
    private static void refuseControlCharacters(String text) {
        int at = NoControlCharacters.Validator.firstOffending(text, true);
        if (at >= 0) {
            int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
            throw ImportRejectedException.invalid("line " + line, "the text holds U+%04X, a control character or an unpaired surrogate"
                    .formatted((int) text.charAt(at)));
        }
    }

    /** Without an explicit id: the issue date and a hash of the title, the same on every import. */
    private static String derivedPlanId(ParsedNotice notice) {
        String titleHash = Sha256.hex(notice.title()).substring(0, 8);
        return "plan-" + notice.issueDate().toString().replace("-", "") + "-" + titleHash;
    }

    private static String validPlanId(String planId) {
        if (!MeasureId.isPlanId(planId)) {
            throw ImportRejectedException.invalid("planId", MeasureId.planIdProblem(planId));
        }
        return planId;
    }
}
