package ledger.query.stream.api;

import ledger.query.commons.InvalidQueryException;
import ledger.query.commons.PlanParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The live stream of a plan's status view as Server-Sent Events (see {@link OpenStreams}). A
 * client that reconnects sends the id of the last event it received as {@code Last-Event-ID}.
 */
@Tag(name = "Live stream",
     description = "Server-Sent Events with every change of a plan's status view.")
@RestController
public class StreamController {

    private final OpenStreams streams;
    private final PlanParameters plans;
    private final Clock clock;
    private final Duration maxLifetime;

    public StreamController(OpenStreams streams, PlanParameters plans, Clock clock,
                            @Value("${ledger.stream.max-lifetime:30m}") Duration maxLifetime) {
        this.streams = streams;
        this.plans = plans;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    @Operation(operationId = "streamPlan", summary = "Stream a plan's changes",
               description = "Server-Sent Events: after each committed change of the plan's status view an "
                             + "`event: measure` (id: its global position, data: the measure's row), `event: "
                             + "summary` when the counts moved, and a heartbeat comment every 15 s. A client "
                             + "first gets what it missed since `Last-Event-ID`, the plan's summary, then "
                             + "`event: ready`. Too many streams open on this node: 503 with Retry-After.")
    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public ResponseEntity<SseEmitter> stream(@RequestParam String planId,
                                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                             @AuthenticationPrincipal Jwt token) {
        SseEmitter emitter = streams.open(plans.known(planId), position(lastEventId), lifetime(token),
                                          token == null ? null : token.getId());
        return ResponseEntity.ok()
                             .cacheControl(CacheControl.noStore())
                             // nginx would otherwise hold events back in its buffer
                             .header("X-Accel-Buffering", "no")
                             .body(emitter);
    }

    private static Long position(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        if (!lastEventId.matches("\\d{1,18}")) {
            throw new InvalidQueryException("Last-Event-ID", "must be the id of an event of this stream (a position)");
        }
        return Long.parseLong(lastEventId);
    }

    /** The stream ends when its token expires: the client comes back with a valid one. */
    private Duration lifetime(Jwt token) {
        Instant expiresAt = token == null ? null : token.getExpiresAt();
        if (expiresAt == null) {
            return maxLifetime;
        }
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.compareTo(maxLifetime) < 0 ? (left.isNegative() ? Duration.ofMillis(1) : left) : maxLifetime;
    }
}
