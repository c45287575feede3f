package ledger.query.admin;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's part in the replays and segments shared with the other query-service nodes. Every
 * poll interval it beats its heartbeat and reads the replay asked (ReplayRequests): it stops its
 * processors of the projections being rebuilt, takes the rebuild on if no node did yet (an
 * UPDATE that only one node wins), and starts its processors again once the replay is over. With
 * no replay, it gives segments up while it claims more than its share of them, so that the nodes
 * alive split each projection's segments between them.
 */
@Component
public class ReplayCoordinator {

    private static final Logger logger = LoggerFactory.getLogger(ReplayCoordinator.class);

    private final ProjectionAdmin admin;
    private final ReplayRequests requests;
    private final QueryNodes nodes;
    private final Duration pollInterval;
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "projection-replay-poll"));
    private final ExecutorService rebuilds = Executors.newSingleThreadExecutor(r -> new Thread(r, "projection-rebuild"));
    /** The processors this node stopped for a replay: it starts them again when the replay is over. */
    private final Set<String> stoppedForReplay = ConcurrentHashMap.newKeySet();
    /** When this node last gave up a segment of each processor: its worker takes a moment to let it go. */
    private final Map<String, Long> givingUp = new ConcurrentHashMap<>();
    private static final Duration GIVE_UP_AGAIN_AFTER = Duration.ofSeconds(2);
    private volatile boolean rebuildingHere;
    private volatile boolean closing;

    public ReplayCoordinator(ProjectionAdmin admin, ReplayRequests requests, QueryNodes nodes,
                             @Value("${ledger.projections.poll-interval:500ms}") Duration pollInterval) {
        this.admin = admin;
        this.requests = requests;
        this.nodes = nodes;
        this.pollInterval = pollInterval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        poller.scheduleWithFixedDelay(this::pollSafely, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Before the processors shut down: this node no longer starts them, nor counts among the nodes alive. */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        closing = true;
        poller.shutdown();
        rebuilds.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
            nodes.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            logger.warn("Could not leave the nodes alive; the others notice after the claim timeout", e);
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // the database may be away for a while; the next poll tries again
            logger.warn("Replay coordination poll failed: {}", e.toString());
        }
    }

    void poll() {
        if (closing) {
            return;
        }
        nodes.heartbeat();
        requests.failAbandoned(nodes.claimTimeout());
        if (!rebuildingHere) {
            // a node's name outlives its process (host:port): a replay under it that no thread here runs died with it
            requests.failAbandonedBy(nodes.id());
        }
        Optional<ReplayRequests.Replay> active = requests.active();
        List<String> paused = active.map(ReplayRequests.Replay::projections).orElse(List.of());
        Map<String, StreamingEventProcessor> processors = admin.localProcessors();
        processors.forEach((name, processor) -> {
            if (paused.contains(name)) {
                if (processor.isRunning()) {
                    processor.shutDown();   // releases its claims
                }
                stoppedForReplay.add(name);
            } else if (stoppedForReplay.remove(name) && !closing) {
                processor.start();
            }
        });
        if (active.isPresent() && active.get().state().equals("requested") && !rebuildingHere
            && requests.claim(active.get().id(), nodes.id())) {
            ReplayRequests.Replay replay = active.get();
            logger.info("Node {} rebuilds {} (replay {}, asked by {})", nodes.id(), replay.projections(),
                        replay.id(), replay.requestedBy());
            rebuildingHere = true;
            rebuilds.execute(() -> {
                try {
                    admin.rebuild(replay);
                } catch (RuntimeException e) {
                    logger.error("Replay {} failed", replay.id(), e);
                    requests.failed(replay.id(), e.toString());
                } finally {
                    rebuildingHere = false;
                }
            });
        }
        if (active.isEmpty()) {
            balance(processors);
        }
    }

    /** Gives one segment up per processor while this node claims more than its share of them. */
    private void balance(Map<String, StreamingEventProcessor> processors) {
        int alive = Math.max(1, nodes.alive().size());
        processors.forEach((name, processor) -> {
            if (!processor.isRunning()) {
                return;
            }
            List<QueryNodes.Claim> claims = nodes.claims(name);
            int share = (claims.size() + alive - 1) / alive;
            List<QueryNodes.Claim> mine = claims.stream()
                                                .filter(c -> c.live() && nodes.id().equals(c.owner())).toList();
            long now = System.nanoTime();
            Long givenUp = givingUp.get(name);
            if (mine.size() > share && (givenUp == null || now - givenUp > GIVE_UP_AGAIN_AFTER.toNanos())) {
                givingUp.put(name, now);
                int segment = mine.get(mine.size() - 1).segment();
                logger.info("Node {} gives segment {} of {} up: it claims {} of {} segments, {} nodes alive",
                            nodes.id(), segment, name, mine.size(), claims.size(), alive);
                processor.releaseSegment(segment);
            }
        });
    }
}
