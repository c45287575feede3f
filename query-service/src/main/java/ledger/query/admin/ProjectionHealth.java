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
 * the admin status ({@code GET /api/v1/admin/projections}: {@code state} and {@code error}). Each
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
            return error == null ? Health.up().build() : Health.down().withDetail("error", error).build();
        };
    }
}
