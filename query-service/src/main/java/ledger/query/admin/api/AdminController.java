package ledger.query.admin.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import ledger.query.admin.ProjectionAdmin;
import ledger.query.admin.ProjectionAdmin.ProjectionStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/** Projections: their position, lag and claims over every node, and replays that rebuild their views from the event store. */
@Tag(name = "Projections",
     description = "The views' processors on every node, and replays that rebuild the views from the"
                   + " event store.")
@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminController {

    private final ProjectionAdmin admin;

    public AdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @Operation(operationId = "projections", summary = "The views' processors",
               description = "Each projection's state, position, lag, the segments each node claims, and the "
                             + "last replay (requested, running, done or failed).")
    @GetMapping
    public List<ProjectionStatus> projections() {
        return admin.statuses();
    }

    /**
     * Asks every node to rebuild the view and answers at once (202), the replay requested; follow it
     * on GET /api/v1/admin/projections of any node ({@code replay.state}: requested, running, done or
     * failed, with its error). While another replay is requested or running: 409.
     */
    @Operation(operationId = "replayProjection", summary = "Rebuild one view",
               description = "Asks every node to rebuild the view from the event store and answers at once "
                             + "(202); follow it on the processors' status. While another replay is requested or"
                             + " running: 409.")
    @ApiResponse(responseCode = "202", description = "The replay is requested: the processors as they are now.")
    @PostMapping("/{name}/replay")
    public ResponseEntity<List<ProjectionStatus>> replay(@PathVariable String name, Principal principal) {
        admin.replay(name, principal == null ? null : principal.getName());
        return ResponseEntity.accepted().body(admin.statuses());
    }

    @Operation(operationId = "replayAll", summary = "Rebuild every view",
               description = "Asks every node to rebuild every view from the event store and answers at once "
                             + "(202). While another replay is requested or running: 409.")
    @ApiResponse(responseCode = "202", description = "The replay is requested: the processors as they are now.")
    @PostMapping("/replay")
    public ResponseEntity<List<ProjectionStatus>> replayAll(Principal principal) {
        admin.replayAll(principal == null ? null : principal.getName());
        return ResponseEntity.accepted().body(admin.statuses());
    }
}
