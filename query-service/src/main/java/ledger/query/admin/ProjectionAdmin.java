package ledger.query.admin;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The projections' processors: where each stands in the event store, how far behind it is, who
 * claims its segments, and replays that rebuild their views.
 * <p>
 * Several query-service nodes share one database. Each projection's token has several segments,
 * claimed across the nodes (a measure's events all go to one segment, in order). A replay is a row
 * of {@code projection_replay} (see ReplayRequests), asked of any node: every node stops the
 * projection's processor (ReplayCoordinator), one node takes the rebuild on ({@link #rebuild}):
 * once no other node claims a segment, it resets the tokens (each projection's reset handler clears
 * its views, and the tokens go back to the start), then feeds every event up to the present head
 * through each processor's own handlers (BulkPass: one reader decodes each event once, each
 * projection's handlers take it on a thread of their own), in transactions of
 * {@value #EVENTS_PER_TRANSACTION} events that also move every segment's token; it then releases the
 * segments and every node's processors carry on from the last event. A tracking processor would
 * replay the same events through the same handlers a batch of {@code batch-size} at a time; in
 * large transactions each measure's row is written once per transaction instead of once per batch.
 * If a pass fails, the replay is marked failed with the error, and the processors start from the
 * last token stored and replay the rest as usual: the projections are idempotent, so the views end
 * up the same either way.
 */
@Component
public class ProjectionAdmin {

    private static final Logger logger = LoggerFactory.getLogger(ProjectionAdmin.class);
    static final int EVENTS_PER_TRANSACTION = 20_000;

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final ReplayRequests requests;
    private final QueryNodes nodes;
    private final BulkPass bulkPass;

    public ProjectionAdmin(EventProcessingConfiguration processing, JdbcTemplate jdbc, EventStorageEngine storage,
                           TokenStore tokenStore, TransactionManager transactionManager, ReplayRequests requests,
                           QueryNodes nodes) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.requests = requests;
        this.nodes = nodes;
        this.bulkPass = new BulkPass(storage, tokenStore, transactionManager, EVENTS_PER_TRANSACTION);
    }

    /**
     * @param state          {@code running}, {@code replaying}, {@code stopped}, or {@code error}:
     *                       its last batch failed on this node, the view does not advance and the
     *                       processor retries
     * @param error          in state {@code error}: what failed, per segment; null otherwise
     * @param running        whether this node's processor runs
     * @param segments       the segments of its token, over all nodes
     * @param position       the lowest position its segments have all reached
     * @param lag            events in the store beyond that position
     * @param replayProgress while replaying: the share of the events before the reset already
     *                       replayed, 0..1; null otherwise
     * @param node           the node that answers
     * @param claims         every segment: the node that claims it (null: nobody), and its position
     * @param replay         the replay running, or the last one, of this projection; null if none
     */
    public record ProjectionStatus(String name, String state, String error, boolean running, boolean replaying,
                                   int segments, long position, long headPosition, long lag, Double replayProgress,
                                   String node, List<QueryNodes.Claim> claims, ReplayRequests.Replay replay) {
    }

    public static class UnknownProjectionException extends RuntimeException {
        public UnknownProjectionException(String name) {
            super("no projection named '" + name + "'");
        }
    }

    public List<ProjectionStatus> statuses() {
        long head = headPosition();
        return processors().entrySet().stream().sorted(Map.Entry.comparingByKey())
                           .map(e -> status(e.getKey(), e.getValue(), head)).toList();
    }

    /** The projections' processor names, sorted. */
    public List<String> names() {
        return processors().keySet().stream().sorted().toList();
    }

    /** The processors whose last batch failed on this node, with what failed; empty when every view advances. */
    public Map<String, String> failing() {
        Map<String, String> failing = new java.util.TreeMap<>();
        processors().forEach((name, processor) -> {
            String error = errorOf(processor.processingStatus().values());
            if (error != null) {
                failing.put(name, error);
            }
        });
        return failing;
    }

    /** What failed in the segments in error, or null: the root cause, short enough for a status line. */
    private static String errorOf(Collection<EventTrackerStatus> segments) {
        List<String> errors = segments.stream().filter(EventTrackerStatus::isErrorState).map(segment -> {
            Throwable cause = segment.getError();
            while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String text = cause == null ? "unknown error"
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            text = text.length() > 500 ? text.substring(0, 500) + "…" : text;
            return "segment " + segment.getSegment().getSegmentId() + ": " + text;
        }).toList();
        return errors.isEmpty() ? null : String.join("; ", errors);
    }

    /** Whether a view is being rebuilt, on any node (the replay asked, in the database) or by this node's processor. */
    public boolean anyReplaying() {
        return requests.active().isPresent()
               || processors().values().stream().anyMatch(StreamingEventProcessor::isReplaying);
    }

    /**
     * Whether the view is being rebuilt, on any node: a replay asked (in the database), or a segment
     * whose token is still replaying (after a failed bulk pass, Axon replays the rest on whichever
     * node claims it).
     */
    public boolean isReplaying(String name) {
        return Optional.ofNullable(processors().get(name)).map(StreamingEventProcessor::isReplaying).orElse(false)
               || requests.rebuilding(name);
    }

    /** Asks every node to rebuild the projection's views from the start of the event store; answers at once. */
    public ReplayRequests.Replay replay(String name, String requestedBy) {
        if (!processors().containsKey(name)) {
            throw new UnknownProjectionException(name);
        }
        return requests.request(List.of(name), requestedBy);
    }

    public ReplayRequests.Replay replayAll(String requestedBy) {
        return requests.request(names(), requestedBy);
    }

    /**
     * Runs the replay this node has claimed. Every node has been asked to stop the projections'
     * processors; once their claims are released (or have timed out), the tokens are reset here,
     * once, and the views rebuilt. Ends with the replay {@code done} or {@code failed}.
     */
    void rebuild(ReplayRequests.Replay replay) {
        List<String> names = replay.projections();
        Map<String, StreamingEventProcessor> processors = processors();
        long head;
        try {
            awaitReleased(names);
            names.forEach(name -> processors.get(name).resetTokens());
            head = headPosition();
            requests.resetAt(replay.id(), head);
        } catch (RuntimeException e) {
            logger.error("Could not reset {}; the processors carry on from where they were", names, e);
            requests.failed(replay.id(), "could not reset the tokens: " + rootCause(e));
            return;
        }
        // one reader for every projection; each projection's handlers on a thread of their own
        Map<String, EventHandlerInvoker> invokers = new java.util.LinkedHashMap<>();
        names.forEach(name -> invokers.put(name, ((AbstractEventProcessor) processing.eventProcessor(name).orElseThrow())
                .eventHandlerInvoker()));
        List<String> failures = new java.util.ArrayList<>();
        bulkPass.run(invokers, head, (name, position) -> requests.progress(replay.id(), name, position))
                .forEach((name, failure) -> {
                    logger.error("Bulk rebuild of {} failed; its processor replays the rest instead", name, failure);
                    failures.add(name + ": " + rootCause(failure));
                });
        try {
            releaseClaims(names);
        } catch (RuntimeException e) {
            logger.warn("Could not release the segments of {}; they free themselves after the claim timeout", names, e);
        }
        if (failures.isEmpty()) {
            requests.done(replay.id());
        } else {
            requests.failed(replay.id(), String.join("; ", failures)
                                         + " (the processors replay the rest from the last position stored)");
        }
    }

    /**
     * Waits until no other node claims a segment of the projections: the nodes alive stop on seeing
     * the replay, a dead node's claims run out within the claim timeout. A claim still held after
     * twice that is a node that does not take part: the replay fails rather than wait for ever.
     */
    private void awaitReleased(List<String> names) {
        long deadline = System.nanoTime() + nodes.claimTimeout().multipliedBy(2).toNanos();
        while (true) {
            List<String> held = names.stream().flatMap(name -> nodes.claims(name).stream()
                    .filter(claim -> claim.live() && !claim.owner().equals(nodes.id()))
                    .map(claim -> name + " segment " + claim.segment() + " by " + claim.owner())).toList();
            if (held.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("still claimed: " + String.join(", ", held));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the other nodes", e);
            }
        }
    }

    private void releaseClaims(List<String> names) {
        transactionManager.executeInTransaction(() -> names.forEach(name -> {
            for (int segment : tokenStore.fetchSegments(name)) {
                tokenStore.releaseClaim(name, segment);
            }
        }));
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * The views' processors: those that can be rebuilt. A processor whose handlers refuse replays
     * (the webhooks' outbox, which would send the whole history again) is no projection.
     */
    private Map<String, StreamingEventProcessor> processors() {
        return processing.eventProcessors().entrySet().stream()
                         .filter(e -> e.getValue() instanceof StreamingEventProcessor processor
                                      && processor.supportsReset())
                         .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                                                    e -> (StreamingEventProcessor) e.getValue()));
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, long head) {
        List<QueryNodes.Claim> claims = nodes.claims(name);
        ReplayRequests.Replay replay = requests.latest(name).orElse(null);
        String error = errorOf(processor.processingStatus().values());
        if (replay != null && replay.active()) {
            Long reached = replay.progress().get(name);
            long position = reached == null ? 0 : reached;
            long resetAt = replay.head() == null ? 0 : replay.head();
            return new ProjectionStatus(name, "replaying", error, processor.isRunning(), true, claims.size(), position,
                                        head, Math.max(0, head - position),
                                        resetAt <= 0 ? 0.0 : Math.min(1.0, (double) position / resetAt),
                                        nodes.id(), claims, replay);
        }
        long position = claims.stream().map(QueryNodes.Claim::position)
                              .mapToLong(p -> p == null ? 0 : p).min().orElse(0);
        boolean replaying = processor.isReplaying() || claims.stream().anyMatch(QueryNodes.Claim::replaying);
        Double progress = null;
        if (replaying) {
            long resetAt = processor.processingStatus().values().stream().map(EventTrackerStatus::getResetPosition)
                                   .mapToLong(p -> p.orElse(0)).max().orElse(0);
            progress = resetAt <= 0 ? null : Math.min(1.0, (double) position / resetAt);
        }
        String state = error != null ? "error" : replaying ? "replaying" : processor.isRunning() ? "running" : "stopped";
        return new ProjectionStatus(name, state, error, processor.isRunning(), replaying, claims.size(), position,
                                    head, Math.max(0, head - position), progress, nodes.id(), claims, replay);
    }

    private long headPosition() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry",
                                        Long.class);
        return head == null ? 0 : head;
    }

    /** The processors of this node, by name. */
    Map<String, StreamingEventProcessor> localProcessors() {
        return processors();
    }
}
