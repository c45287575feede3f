package ledger.query.web;

import ledger.query.admin.ProjectionAdmin;
import ledger.query.admin.ProjectionAdmin.ProjectionStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Projections: their position and lag, and replays that rebuild their views from the event store. */
@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminController {

    private final ProjectionAdmin admin;

    public AdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    public List<ProjectionStatus> projections() {
        return admin.statuses();
    }

    /** Starts the rebuild and answers at once (202); follow it on GET /api/v1/admin/projections. */
    @PostMapping("/{name}/replay")
    public ResponseEntity<List<ProjectionStatus>> replay(@PathVariable String name) {
        admin.replay(name);
        return ResponseEntity.accepted().body(admin.statuses());
    }

    @PostMapping("/replay")
    public ResponseEntity<List<ProjectionStatus>> replayAll() {
        admin.replayAll();
        return ResponseEntity.accepted().body(admin.statuses());
    }
}
