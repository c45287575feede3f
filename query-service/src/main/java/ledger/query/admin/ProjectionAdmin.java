package ledger.query.admin;

import jakarta.annotation.PreDestroy;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The projections' processors: where each stands in the event store, how far behind it is, and
 * replays that rebuild their views.
 * <p>
 * A replay stops the processors, resets them (each projection's reset handler clears its views,
 * and the tokens go back to the start), then feeds every event up to the present head through
 * each processor's own handlers, one pass per projection side by side, in transactions of
 * {@value #EVENTS_PER_TRANSACTION} events that also move the tokens; the processors then carry on
 * from the last event. A tracking processor would replay the same events through the same
 * handlers a batch of {@code batch-size} at a time; in large transactions each measure's row is
 * written once per transaction instead of once per batch. If a pass fails, its processor starts
 * from the last token stored and replays as usual: the projections are idempotent, so the views
 * end up the same either way.
 */
@Component
public class ProjectionAdmin {

    private static final Logger logger = LoggerFactory.getLogger(ProjectionAdmin.class);
    static final int EVENTS_PER_TRANSACTION = 20_000;

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final EventStorageEngine storage;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final ExecutorService rebuilds = Executors.newSingleThreadExecutor(r -> new Thread(r, "projection-rebuild"));
    private final ExecutorService passes = Executors.newFixedThreadPool(2, r -> new Thread(r, "projection-rebuild-pass"));
    /** The projections whose views a bulk pass is rebuilding, with the position it has reached. */
    private final Map<String, Long> rebuilding = new ConcurrentHashMap<>();
    private volatile long rebuildHead;

    public ProjectionAdmin(EventProcessingConfiguration processing, JdbcTemplate jdbc, EventStorageEngine storage,
                           TokenStore tokenStore, TransactionManager transactionManager) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.storage = storage;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
    }

    /**
     * @param state          {@code running}, {@code replaying}, {@code stopped}, or {@code error}:
     *                       its last batch failed, the view does not advance and the processor retries
     * @param error          in state {@code error}: what failed, per segment; null otherwise
     * @param position       the lowest position its segments have all reached
     * @param lag            events in the store beyond that position
     * @param replayProgress while replaying: the share of the events before the reset already
     *                       replayed, 0..1; null otherwise
     */
    public record ProjectionStatus(String name, String state, String error, boolean running, boolean replaying,
                                   int segments, long position, long headPosition, long lag, Double replayProgress) {
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

    /** The processors whose last batch failed, with what failed; empty when every view advances. */
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

    public boolean anyReplaying() {
        return !rebuilding.isEmpty() || processors().values().stream().anyMatch(StreamingEventProcessor::isReplaying);
    }

    public boolean isReplaying(String name) {
        return rebuilding.containsKey(name)
               || Optional.ofNullable(processors().get(name)).map(StreamingEventProcessor::isReplaying).orElse(false);
    }

    /** Starts rebuilding the projection's views from the start of the event store; answers at once. */
    public void replay(String name) {
        if (!processors().containsKey(name)) {
            throw new UnknownProjectionException(name);
        }
        rebuild(List.of(name));
    }

    public void replayAll() {
        rebuild(processors().keySet().stream().sorted().toList());
    }

    private void rebuild(List<String> names) {
        names.forEach(name -> rebuilding.put(name, 0L));
        rebuilds.execute(() -> {
            Map<String, StreamingEventProcessor> processors = processors();
            try {
                CompletableFuture.allOf(names.stream().map(name -> processors.get(name).shutdownAsync())
                                             .toArray(CompletableFuture[]::new))
                                 .orTimeout(60, TimeUnit.SECONDS).join();
                names.forEach(name -> processors.get(name).resetTokens());
                rebuildHead = headPosition();
            } catch (RuntimeException e) {
                logger.error("Could not reset {}; the processors carry on from where they were", names, e);
                names.forEach(name -> {
                    rebuilding.remove(name);
                    processors.get(name).start();
                });
                return;
            }
            // one pass per projection, side by side: a pass is bound by its own thread's CPU
            CompletableFuture.allOf(names.stream().map(name -> CompletableFuture.runAsync(
                    () -> bulkPass(name), passes).whenComplete((done, failure) -> {
                        if (failure != null) {
                            logger.error("Bulk rebuild of {} failed; its processor replays from the start instead",
                                         name, failure);
                        }
                        rebuilding.remove(name);
                        processors.get(name).start();
                    })).toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        });
    }

    /** Every event up to the head through the processor's handlers; its tokens end at the last one. */
    private void bulkPass(String name) {
        EventHandlerInvoker invoker = ((AbstractEventProcessor) processing.eventProcessor(name).orElseThrow())
                .eventHandlerInvoker();
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> events =
                    stream.takeWhile(event -> positionOf(event.trackingToken()) <= rebuildHead).iterator();
            while (events.hasNext()) {
                TrackingToken reached = transactionManager.fetchInTransaction(() -> handleChunk(name, invoker, events));
                rebuilding.put(name, positionOf(reached));
            }
        }
    }

    /** Up to {@value #EVENTS_PER_TRANSACTION} events, and the token after the last of them, in one transaction. */
    private TrackingToken handleChunk(String name, EventHandlerInvoker invoker,
                                      Iterator<? extends TrackedEventMessage<?>> events) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            TrackingToken reached = null;
            for (int handled = 0; handled < EVENTS_PER_TRANSACTION && events.hasNext(); handled++) {
                TrackedEventMessage<?> event = events.next();
                if (invoker.canHandle(event, Segment.ROOT_SEGMENT)) {
                    invoker.handle(event, Segment.ROOT_SEGMENT);
                }
                reached = event.trackingToken();
            }
            TrackingToken last = reached;
            unitOfWork.onPrepareCommit(u -> storeToken(name, last));
            unitOfWork.commit();
            return reached;
        } catch (Exception e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** Every segment of the processor continues after the token. */
    private void storeToken(String name, TrackingToken token) {
        for (int segment : tokenStore.fetchSegments(name)) {
            tokenStore.storeToken(token, name, segment);
        }
    }

    private static long positionOf(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("no position in " + token));
    }

    private Map<String, StreamingEventProcessor> processors() {
        return processing.eventProcessors().entrySet().stream()
                         .filter(e -> e.getValue() instanceof StreamingEventProcessor)
                         .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                                                    e -> (StreamingEventProcessor) e.getValue()));
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, long head) {
        Long bulkPosition = rebuilding.get(name);
        if (bulkPosition != null) {
            long resetAt = rebuildHead;
            return new ProjectionStatus(name, "replaying", null, false, true, processor.processingStatus().size(),
                                        bulkPosition, head,
                                        Math.max(0, head - bulkPosition),
                                        resetAt <= 0 ? 0.0 : Math.min(1.0, (double) bulkPosition / resetAt));
        }
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        long position = segments.isEmpty() ? 0 : segments.stream()
                .map(EventTrackerStatus::getCurrentPosition).mapToLong(p -> p.orElse(0L)).min().orElse(0);
        boolean replaying = processor.isReplaying();
        Double progress = null;
        if (replaying) {
            long resetAt = segments.stream().map(EventTrackerStatus::getResetPosition)
                                   .mapToLong(p -> p.orElse(0)).max().orElse(0);
            progress = resetAt <= 0 ? 1.0 : Math.min(1.0, (double) position / resetAt);
        }
        String error = errorOf(segments);
        String state = error != null ? "error" : replaying ? "replaying" : processor.isRunning() ? "running" : "stopped";
        return new ProjectionStatus(name, state, error, processor.isRunning(), replaying, segments.size(), position,
                                    head, Math.max(0, head - position), progress);
    }

    private long headPosition() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry",
                                        Long.class);
        return head == null ? 0 : head;
    }

    @PreDestroy
    void stopRebuilding() {
        rebuilds.shutdownNow();
        passes.shutdownNow();
    }
}
