package ledger.query.admin;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

import java.util.Iterator;

/**
 * A view that stops advancing shows in health, not only in the log: while a projection's last
 * batch has failed (its processor retries it, the view does not move), its component under
 * {@code projections} is DOWN, and so is the service's health. Components are shown to anyone
 * ({@code show-components}); what failed is a detail, shown to whoever may see details, and in
 * the admin status ({@code GET /api/v1/admin/projections}: {@code state} and {@code error}), with
 * the processor's state, position, lag and claims. Each
 * node reports its own processors: the segments it claims are the ones it can fail on.
 */
@Component("projections")
public class ProjectionHealth implements CompositeHealthContributor {

    private final ProjectionAdmin admin;

    public ProjectionHealth(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return admin.names().contains(name) ? indicator(name) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return admin.names().stream().map(name -> NamedContributor.<HealthContributor>of(name, indicator(name))).iterator();
    }

    private HealthIndicator indicator(String name) {
        return () -> {
            String error = admin.failing().get(name);
            Health.Builder health = error == null ? Health.up() : Health.down().withDetail("error", error);
            return withState(health, name).build();
        };
    }

    /** The processor's state as the admin status has it (details: shown to an ADMIN only). */
    private Health.Builder withState(Health.Builder health, String name) {
        try {
            admin.statuses().stream().filter(status -> status.name().equals(name)).findFirst().ifPresent(status -> health
                    .withDetail("state", status.state())
                    .withDetail("running", status.running())
                    .withDetail("replaying", status.replaying())
                    .withDetail("segments", status.segments())
                    .withDetail("position", status.position())
                    .withDetail("lag", status.lag())
                    .withDetail("claims", status.claims()));
        } catch (RuntimeException e) {
            // the positions are read from the database: without it, the processor's own state is all there is
            health.withDetail("state", "unknown: " + e.getClass().getSimpleName());
        }
        return health;
    }
}
