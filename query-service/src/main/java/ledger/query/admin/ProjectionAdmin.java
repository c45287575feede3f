package ledger.query.admin;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The projections' processors: where each stands in the event store, how far behind it is, and
 * replays (reset to the start and rebuild the views; each projection's reset handler clears them).
 */
@Component
public class ProjectionAdmin {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    public ProjectionAdmin(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    /**
     * @param position       the lowest position its segments have all reached
     * @param lag            events in the store beyond that position
     * @param replayProgress while replaying: the share of the events before the reset already
     *                       replayed, 0..1; null otherwise
     */
    public record ProjectionStatus(String name, boolean running, boolean replaying, int segments, long position,
                                   long headPosition, long lag, Double replayProgress) {
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

    public boolean anyReplaying() {
        return processors().values().stream().anyMatch(StreamingEventProcessor::isReplaying);
    }

    public boolean isReplaying(String name) {
        return Optional.ofNullable(processors().get(name)).map(StreamingEventProcessor::isReplaying).orElse(false);
    }

    /** Resets the projection to the start of the event store; its views are rebuilt from there. */
    public void replay(String name) {
        StreamingEventProcessor processor = processors().get(name);
        if (processor == null) {
            throw new UnknownProjectionException(name);
        }
        processor.shutdownAsync().orTimeout(60, TimeUnit.SECONDS).join();
        processor.resetTokens();
        processor.start();
    }

    public void replayAll() {
        processors().keySet().stream().sorted().forEach(this::replay);
    }

    private Map<String, StreamingEventProcessor> processors() {
        return processing.eventProcessors().entrySet().stream()
                         .filter(e -> e.getValue() instanceof StreamingEventProcessor)
                         .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                                                    e -> (StreamingEventProcessor) e.getValue()));
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, long head) {
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
        return new ProjectionStatus(name, processor.isRunning(), replaying, segments.size(), position, head,
                                    Math.max(0, head - position), progress);
    }

    private long headPosition() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry",
                                        Long.class);
        return head == null ? 0 : head;
    }

}
