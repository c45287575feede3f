package ledger.command.measure.api;

import ledger.command.commons.ActorResolver;
import ledger.command.commons.RequestHeaders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import ledger.command.dispatch.CommandDispatcher;
import ledger.command.dispatch.CommandDispatcher.Dispatched;
import ledger.command.measure.api.MeasureRequests.AssignMeasureRequest;
import ledger.command.measure.api.MeasureRequests.EscalationRequest;
import ledger.command.measure.api.MeasureRequests.ExtendDueDateRequest;
import ledger.command.measure.api.MeasureRequests.ReportProgressRequest;
import ledger.command.measure.api.MeasureRequests.ResolveEscalationRequest;
import ledger.command.measure.api.MeasureRequests.SubmitPlanRequest;
import ledger.command.measure.api.MeasureRequests.VerificationRequest;
import ledger.messages.CommandOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.function.Function;

/** The measure commands of the HTTP contract. Each request becomes one Axon command. */
@Tag(name = "Measure commands",
     description = "Assigning a measure and the commands of its life: plan, progress, verification, "
                   + "escalation, resolution, due date. Each request becomes one command and appends "
                   + "events.")
@RestController
@RequestMapping(path = "/api/v1/measures", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
public class MeasureCommandController {


    private final CommandDispatcher dispatcher;
    private final ActorResolver actorResolver;
    private final MeasureCommands commands;

    public MeasureCommandController(CommandDispatcher dispatcher, ActorResolver actorResolver,
                                    MeasureCommands commands) {
        this.dispatcher = dispatcher;
        this.actorResolver = actorResolver;
        this.commands = commands;
    }

    @Operation(operationId = "assignMeasure", summary = "Assign a measure",
               description = "Assigns a numbered measure of a plan already on the ledger to its responsible "
                             + "leaders and lead units, with its due date. The measure id is derived "
                             + "(`{planId}-{number}`): assigning it twice is a 409. Answers 201 with the measure"
                             + " id and version 0, `ETag: \"0\"` and its `Location`.")
    @ApiResponse(responseCode = "201", description = "Assigned: the measure id and version 0, with `ETag` and `Location`.")
    @PostMapping
    public ResponseEntity<CommandOutcome> assign(@Valid @RequestBody AssignMeasureRequest body,
                                                 HttpServletRequest request) {
        return send(request, HttpStatus.CREATED, null, expectedVersion -> commands.assign(body));
    }

    @Operation(operationId = "submitPlan", summary = "Submit the implementation plan",
               description = "A lead unit of the measure submits (or resubmits) its implementation plan: a "
                             + "summary, milestones with their due dates, and the persons responsible. A "
                             + "resubmitted plan replaces the milestones. Refused (409) once the measure is "
                             + "verified.")
    @PostMapping("/{measureId}/plan")
    public ResponseEntity<CommandOutcome> submitPlan(@PathVariable String measureId,
                                                     @Valid @RequestBody SubmitPlanRequest body,
                                                     @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                     HttpServletRequest request) {
        return send(request, HttpStatus.OK, ifMatch, expectedVersion -> commands.submitPlan(measureId, body,
                                                                                            expectedVersion));
    }

    @Operation(operationId = "reportProgress", summary = "Report progress",
               description = "A lead unit of the measure reports its progress: percent complete (0..100), a "
                             + "summary, evidence, and optionally the milestone the report is for. Needs a "
                             + "submitted plan (else 409).")
    @PostMapping("/{measureId}/progress")
    public ResponseEntity<CommandOutcome> reportProgress(@PathVariable String measureId,
                                                         @Valid @RequestBody ReportProgressRequest body,
                                                         @RequestHeader(name = "If-Match", required = false)
                                                         String ifMatch,
                                                         HttpServletRequest request) {
        return send(request, HttpStatus.OK, ifMatch, expectedVersion -> commands.reportProgress(measureId, body,
                                                                                                expectedVersion));
    }

    @Operation(operationId = "verifyMeasure", summary = "Verify a measure",
               description = "The supervision office verifies a measure in progress: PASSED (needs a latest "
                             + "report at 100 % with no rejection after it) closes it out as VERIFIED; REJECTED "
                             + "(notes required) records the reasons and leaves it in progress.")
    @PostMapping("/{measureId}/verification")
    public ResponseEntity<CommandOutcome> verify(@PathVariable String measureId,
                                                 @Valid @RequestBody VerificationRequest body,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                 HttpServletRequest request) {
        return send(request, HttpStatus.OK, ifMatch, expectedVersion -> commands.verify(measureId, body,
                                                                                        expectedVersion));
    }

    @Operation(operationId = "escalateMeasure", summary = "Escalate a measure",
               description = "The supervision office escalates a measure one level up, with a reason (and "
                             + "notes). Refused once verified.")
    @PostMapping("/{measureId}/escalations")
    public ResponseEntity<CommandOutcome> escalate(@PathVariable String measureId,
                                                   @Valid @RequestBody EscalationRequest body,
                                                   @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                   HttpServletRequest request) {
        return send(request, HttpStatus.OK, ifMatch, expectedVersion -> commands.escalate(measureId, body,
                                                                                          expectedVersion));
    }

    @Operation(operationId = "resolveEscalation", summary = "Resolve the open escalation",
               description = "Resolves the measure's open escalation, which stops its re-escalation. Needs an "
                             + "open escalation (else 409).")
    @PostMapping("/{measureId}/escalations/resolve")
    public ResponseEntity<CommandOutcome> resolveEscalation(@PathVariable String measureId,
                                                            @Valid @RequestBody ResolveEscalationRequest body,
                                                            @RequestHeader(name = "If-Match", required = false)
                                                            String ifMatch,
                                                            HttpServletRequest request) {
        return send(request, HttpStatus.OK, ifMatch, expectedVersion -> commands.resolveEscalation(
                measureId, body, expectedVersion));
    }

    @Operation(operationId = "extendDueDate", summary = "Extend the due date",
               description = "Moves the measure's due date later, with a reason; its deadline moves with it. "
                             + "Refused once verified, or for a date not later than the current one (409).")
    @PostMapping("/{measureId}/due-date")
    public ResponseEntity<CommandOutcome> extendDueDate(@PathVariable String measureId,
                                                        @Valid @RequestBody ExtendDueDateRequest body,
                                                        @RequestHeader(name = "If-Match", required = false)
                                                        String ifMatch,
                                                        HttpServletRequest request) {
        return send(request, HttpStatus.OK, ifMatch, expectedVersion -> commands.extendDueDate(
                measureId, body, expectedVersion));
    }

    private ResponseEntity<CommandOutcome> send(HttpServletRequest request, HttpStatus status, String ifMatch,
                                                Function<Long, Object> command) {
        var actor = actorResolver.resolve(request);
        Long expectedVersion = RequestHeaders.expectedVersion(ifMatch);
        String idempotencyKey = RequestHeaders.idempotencyKey(request.getHeader(RequestHeaders.IDEMPOTENCY_KEY));
        String correlationId = RequestHeaders.correlationId(request);
        Dispatched dispatched = dispatcher.dispatch(command.apply(expectedVersion), actor, correlationId,
                                                    idempotencyKey);
        CommandOutcome outcome = dispatched.outcome();
        var response = ResponseEntity.status(status)
                                     .eTag(Long.toString(outcome.version()))
                                     .header(RequestHeaders.CORRELATION_ID, correlationId);
        if (dispatched.replayed()) {
            response.header(RequestHeaders.IDEMPOTENT_REPLAYED, "true");
        }
        if (status == HttpStatus.CREATED) {
            response.location(URI.create("/api/v1/measures/" + outcome.measureId()));
        }
        return response.body(outcome);
    }
}
