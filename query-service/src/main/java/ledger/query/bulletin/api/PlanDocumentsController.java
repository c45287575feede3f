package ledger.query.bulletin.api;

import ledger.query.bulletin.Bulletin;
import ledger.query.bulletin.BulletinBuilder;
import ledger.query.bulletin.BulletinDocx;
import ledger.query.bulletin.BulletinHtml;
import ledger.query.bulletin.Labels;
import ledger.query.bulletin.PlanSnapshot;
import ledger.query.bulletin.PlanSnapshots;
import ledger.query.bulletin.PlanStatus;
import ledger.query.bulletin.RegisterCsv;
import ledger.query.bulletin.RegisterJson;
import ledger.query.bulletin.RegisterWorkbook;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.Actor;
import ledger.messages.ActorRole;
import ledger.query.commons.PlanParameters;
import ledger.support.security.TokenSecurity;
import ledger.support.security.TokenActors;
import ledger.support.units.LeadUnitDirectory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A plan at any instant, rebuilt from the event store: its status (JSON, for the dashboard's date
 * picker), its bulletin (JSON, HTML, .docx) and its register (.xlsx, CSV, JSON), chosen by
 * {@code Accept}. Bulletins and registers state the ledger position they were built from and the
 * ledger's digest there, which {@code /api/v1/audit/digest/verify} checks. Over HTTP only, like the
 * audit endpoints: they read the event store, not the views.
 */
@Tag(name = "Plan documents",
     description = "A plan at any instant, rebuilt from the event store: its status, its bulletin and its register.")
@RestController
@RequestMapping(path = "/api/v1/plans/{planId}")
public class PlanDocumentsController {

    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final List<String> BULLETIN_TYPES = List.of(MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_HTML_VALUE, DOCX);
    static final List<String> REGISTER_TYPES = List.of(XLSX, "text/csv", MediaType.APPLICATION_JSON_VALUE);

    private final PlanSnapshots snapshots;
    private final Labels labels;
    private final LeadUnitDirectory units;
    private final ObjectMapper json;
    private final Clock clock;

    public PlanDocumentsController(PlanSnapshots snapshots, Labels labels, LeadUnitDirectory units, ObjectMapper json,
                                   Clock clock) {
        this.snapshots = snapshots;
        this.labels = labels;
        this.units = units;
        this.json = json;
        this.clock = clock;
    }

    /** Every measure as it stood at {@code asOf}, with the dashboards' counts then. */
    @Operation(operationId = "planStatusAt", summary = "A plan at an instant",
               description = "Every measure of the plan as it stood at `asOf` (an ISO-8601 instant; now by default), "
                             + "with the dashboards' counts then, rebuilt from the event store.")
    @GetMapping(path = "/status", produces = MediaType.APPLICATION_JSON_VALUE)
    public PlanStatus status(@PathVariable String planId, @RequestParam(required = false) String asOf) {
        Instant instant = DocumentRequest.asOf(asOf, clock);
        return PlanStatus.of(snapshots.asOf(PlanParameters.wellFormed(planId), instant, null, false, false));
    }

    @Operation(operationId = "planBulletin", summary = "The plan's bulletin",
               description = "The bulletin (通报) of the plan at `asOf`, with what changed `since`, as JSON, HTML or "
                             + ".docx (chosen by `Accept`); it states the ledger position it was built from and the "
                             + "ledger's digest there, which `/api/v1/audit/digest/verify` checks.")
    @ApiResponse(responseCode = "200", description = "The bulletin, in the type asked for.",
                 content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")),
                            @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")),
                            @Content(mediaType = DOCX, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "406", description = "None of the types in `Accept` is one the bulletin comes in.")
    @GetMapping(path = "/bulletin")
    public ResponseEntity<byte[]> bulletin(@PathVariable String planId, @RequestParam(required = false) String asOf,
                                           @RequestParam(required = false) String since,
                                           @RequestParam(required = false) String position,
                                           @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        String type = Negotiation.choose(accept, BULLETIN_TYPES);
        Instant instant = DocumentRequest.asOf(asOf, clock);
        Instant previous = DocumentRequest.since(since, instant, clock);
        PlanSnapshot snapshot = snapshots.asOf(PlanParameters.wellFormed(planId), instant,
                                               DocumentRequest.position(position), true, false);
        Bulletin bulletin = BulletinBuilder.build(snapshot, previous);
        byte[] body;
        ResponseEntity.BodyBuilder answer = provenance(ResponseEntity.ok(), snapshot);
        if (type.equals(DOCX)) {
            body = new BulletinDocx(labels).render(bulletin);
            answer.header(HttpHeaders.CONTENT_DISPOSITION, attachment("bulletin", snapshot, "docx"));
        } else if (type.equals(MediaType.TEXT_HTML_VALUE)) {
            body = new BulletinHtml(labels).render(bulletin);
            answer.header("Content-Security-Policy", BulletinHtml.CONTENT_SECURITY_POLICY);
            type = "text/html;charset=UTF-8";
        } else {
            body = bytes(bulletin);
        }
        return answer.contentType(MediaType.parseMediaType(type)).body(body);
    }

    @Operation(operationId = "planRegister", summary = "The plan's register",
               description = "The register (台账) of the plan at `asOf`: its measures, or with `part=events` every event, "
                             + "as .xlsx, CSV or JSON (chosen by `Accept`), with the ledger position and digest it was "
                             + "built from.")
    @ApiResponse(responseCode = "200", description = "The register, in the type asked for.",
                 content = {@Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary")),
                            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"))})
    @ApiResponse(responseCode = "406", description = "None of the types in `Accept` is one the register comes in.")
    @ApiResponse(responseCode = "422", description = "The register would list more events than "
                                                     + "`ledger.documents.max-register-events`.")
    @GetMapping(path = "/register")
    public ResponseEntity<StreamingResponseBody> register(@PathVariable String planId,
                                                          @RequestParam(required = false) String asOf,
                                                          @RequestParam(required = false) String position,
                                                          @RequestParam(required = false) String part,
                                                          @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
                                                          String accept) {
        String type = Negotiation.choose(accept, REGISTER_TYPES);
        boolean events = part != null && !part.isBlank() && part.trim().equals("events");
        if (part != null && !part.isBlank() && !events && !part.trim().equals("measures")) {
            throw new ledger.query.commons.InvalidQueryException("part", "must be measures or events");
        }
        String unit = callersUnit();
        Instant instant = DocumentRequest.asOf(asOf, clock);
        PlanSnapshot whole = snapshots.asOf(PlanParameters.wellFormed(planId), instant,
                                            DocumentRequest.position(position), true, true);
        PlanSnapshot snapshot = unit == null ? whole : whole.ofUnit(unit);
        ResponseEntity.BodyBuilder answer = provenance(ResponseEntity.ok(), snapshot);
        StreamingResponseBody body;
        if (type.equals(XLSX)) {
            body = out -> new RegisterWorkbook(labels).write(snapshot, unit, out);
            answer.header(HttpHeaders.CONTENT_DISPOSITION, attachment("register", snapshot, "xlsx"));
        } else if (type.equals("text/csv")) {
            body = out -> new RegisterCsv(labels).write(snapshot, unit, events, out);
            answer.header(HttpHeaders.CONTENT_DISPOSITION,
                          attachment(events ? "register-events" : "register", snapshot, "csv"));
            type = "text/csv;charset=UTF-8";
        } else {
            RegisterJson register = RegisterJson.of(snapshot, unit, labels);
            byte[] bytes = bytes(register);
            body = out -> out.write(bytes);
        }
        return answer.contentType(MediaType.parseMediaType(type)).body(body);
    }

    /**
     * A lead unit's token may read its own measures only: the unit it names (canonical name or
     * alias, as command-service reads it); null for the roles that read every measure.
     */
    private String callersUnit() {
        Actor actor = TokenActors.currentActor().orElse(null);
        if (actor == null || actor.role() != ActorRole.UNIT) {
            return null;
        }
        if (actor.unit() == null) {
            throw new NoUnitException();
        }
        return units.canonical(actor.unit()).orElse(actor.unit());
    }

    /** A UNIT token that names no unit: it leads nothing. */
    public static class NoUnitException extends RuntimeException {
        NoUnitException() {
            super("the token's role UNIT names no unit: a lead unit reads the register of its own measures only");
        }
    }

    private static ResponseEntity.BodyBuilder provenance(ResponseEntity.BodyBuilder answer, PlanSnapshot s) {
        return answer.header("Ledger-Position", String.valueOf(s.position()))
                     .header("Ledger-Digest", s.digest())
                     .header("Ledger-As-Of", s.asOf().toString())
                     .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static String attachment(String kind, PlanSnapshot s, String extension) {
        String name = kind + "-" + s.planId() + "-" + s.day() + "-p" + s.position() + "." + extension;
        // a plain filename where it is ASCII (what curl -OJ and most clients read), RFC 5987's filename* otherwise
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(name);
        return (ascii ? ContentDisposition.attachment().filename(name)
                : ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8)).build().toString();
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
