package ledger.query.admin;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code REBUILDING} while a view is being rebuilt (a replay asked on any node, or a segment still
 * replaying): its answers would be partial, so the readiness group (which includes this, and
 * ranks {@code REBUILDING} below {@code UP} with HTTP 503) tells load balancers to send reads
 * elsewhere. The main health leaves the status out of its order, so it stays UP: the node is
 * well, and a restart (or a proxy giving up on it) would only delay the rebuild. Liveness does
 * not include it either.
 */
@Component("viewRebuild")
public class ViewRebuildHealth implements HealthIndicator {

    public static final Status REBUILDING = new Status("REBUILDING", "a view is being rebuilt");

    private final ProjectionAdmin admin;

    public ViewRebuildHealth(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Health health() {
        return admin.anyReplaying()
                ? Health.status(REBUILDING).withDetail("rebuilding", admin.names().stream().filter(admin::isReplaying).toList())
                        .build()
                : Health.up().build();
    }
}
