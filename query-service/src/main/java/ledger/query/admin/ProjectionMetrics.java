package ledger.query.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import ledger.query.admin.ProjectionAdmin.ProjectionStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Each view's processor, as the admin status sees it, in events rather than Axon's latency
 * (time since the last handled event's timestamp, {@code eventProcessor_latency}):
 * {@code ledger_projection_lag{processor}} (events in the store beyond the view's position),
 * {@code ledger_projection_segments_claimed{processor}} (segments this node holds) and
 * {@code ledger_projection_replaying{processor}} (1 while rebuilt). The status is read from the
 * database at most once a second, however many gauges a scrape reads; without the database the
 * gauges are NaN.
 */
@Component
public class ProjectionMetrics implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final ProjectionAdmin admin;
    private final QueryNodes nodes;
    private final Clock clock = Clock.systemUTC();
    private volatile Map<String, ProjectionStatus> statuses = Map.of();
    private volatile Instant readAt = Instant.MIN;

    public ProjectionMetrics(ProjectionAdmin admin, QueryNodes nodes) {
        this.admin = admin;
        this.nodes = nodes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : admin.names()) {
            gauge(registry, "ledger.projection.lag", "Events in the store beyond the view's position", name,
                  ProjectionStatus::lag);
            gauge(registry, "ledger.projection.segments.claimed", "Segments of the view's token this node claims",
                  name, this::claimedHere);
            gauge(registry, "ledger.projection.replaying", "1 while the view is being rebuilt", name,
                  status -> status.replaying() ? 1 : 0);
        }
    }

    private void gauge(MeterRegistry registry, String meter, String description, String name,
                       ToDoubleFunction<ProjectionStatus> value) {
        Gauge.builder(meter, this, metrics -> {
                 ProjectionStatus status = metrics.status(name);
                 return status == null ? Double.NaN : value.applyAsDouble(status);
             })
             .description(description).tag("processor", name).register(registry);
    }

    private double claimedHere(ProjectionStatus status) {
        List<QueryNodes.Claim> claims = status.claims() == null ? List.of() : status.claims();
        return claims.stream().filter(claim -> nodes.id().equals(claim.owner())).count();
    }

    private ProjectionStatus status(String name) {
        Instant now = clock.instant();
        if (readAt.plus(FRESH_FOR).isBefore(now)) {
            try {
                statuses = admin.statuses().stream().collect(Collectors.toMap(ProjectionStatus::name, s -> s));
            } catch (RuntimeException e) {
                statuses = Map.of();
            }
            readAt = now;
        }
        return statuses.get(name);
    }
}
