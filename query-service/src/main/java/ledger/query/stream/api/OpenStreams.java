package ledger.query.stream.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.query.PlanChanges;
import ledger.messages.query.PlanChanges.MeasureChange;
import ledger.messages.query.WatchPlan;
import ledger.support.security.revocation.RevokedTokens;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open Server-Sent-Events streams of this node: each is an Axon subscription query
 * ({@link WatchPlan}) written to its client as SSE events, {@code id} the global position. The
 * initial answer (the changes the client missed, then the summary and {@code ready}) goes first,
 * then each update, skipping those the initial answer already covered. Heartbeat comments keep
 * proxies from closing an idle stream and find clients that went away; a stream ends when its token
 * expires (the client reconnects with a fresh one and its Last-Event-ID) or is revoked (within a
 * second of this node learning it), and a closed stream cancels its subscription.
 * <p>
 * Each change is turned into SSE text once, whichever number of clients receive it. Clients are
 * written by a small pool of writer threads ({@code ledger.stream.writer-threads}), so that however
 * many streams are open, writing them takes at most that many threads from the projections. A
 * client not yet written to when the next change comes has its pending rows merged: a measure
 * changed twice is sent once, as it now is, with the later position. So a slow client (or a busy
 * node) gets fewer, fuller writes instead of a growing backlog, and every client still ends with
 * every row as it is.
 */
@Component
public class OpenStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OpenStreams.class);

    /** Too many streams are open on this node. */
    public static class TooManyStreamsException extends RuntimeException {
        TooManyStreamsException(int limit) {
            super("this node already serves " + limit + " streams");
        }
    }

    /** JSON already written as text, sent as UTF-8 (a String's default charset would be ISO-8859-1). */
    private static final MediaType UTF8 = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final String HEARTBEAT = ": heartbeat\n\n";

    private final QueryGateway queries;
    private final ObjectMapper json;
    private final RevokedTokens revokedTokens;
    private final int maxOpen;
    private final int writerThreads;
    private final Duration heartbeat;
    private final Duration initialTimeout;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    /** The SSE text of the latest changes, shared by every client that receives them. */
    private final Map<PlanChanges, Text> texts = new ConcurrentHashMap<>();
    private ExecutorService writers;
    private ScheduledExecutorService heartbeats;

    public OpenStreams(QueryGateway queries, ObjectMapper json, RevokedTokens revokedTokens,
                       @Value("${ledger.stream.max-open:1000}") int maxOpen,
                       @Value("${ledger.stream.writer-threads:4}") int writerThreads,
                       @Value("${ledger.stream.heartbeat:15s}") Duration heartbeat,
                       @Value("${ledger.stream.initial-timeout:30s}") Duration initialTimeout) {
        this.queries = queries;
        this.json = json;
        this.revokedTokens = revokedTokens;
        this.maxOpen = maxOpen;
        this.writerThreads = writerThreads;
        this.heartbeat = heartbeat;
        this.initialTimeout = initialTimeout;
    }

    public int count() {
        return open.size();
    }

    /**
     * A stream of the plan's changes after {@code afterPosition} (null: from now on), open for at
     * most {@code lifetime}. The changes it missed are read before this returns, so a database that
     * is away fails the request itself (503), not the stream.
     */
    public SseEmitter open(String planId, Long afterPosition, Duration lifetime, String tokenId) {
        if (open.size() >= maxOpen) {
            throw new TooManyStreamsException(maxOpen);
        }
        SubscriptionQueryResult<PlanChanges, PlanChanges> result = queries.subscriptionQuery(
                new WatchPlan(planId, afterPosition), ResponseTypes.instanceOf(PlanChanges.class),
                ResponseTypes.instanceOf(PlanChanges.class));
        PlanChanges initial;
        try {
            initial = result.initialResult().block(initialTimeout);
        } catch (RuntimeException e) {
            result.cancel();
            throw e;
        }
        Stream stream = new Stream(new SseEmitter(lifetime.toMillis()), result, tokenId);
        open.add(stream);
        stream.emitter.onCompletion(stream::close);
        stream.emitter.onTimeout(stream::close);
        stream.emitter.onError(e -> stream.close());
        StringBuilder first = new StringBuilder();
        Text missed = text(initial);
        missed.rows().values().forEach(first::append);
        if (missed.summary() != null) {
            first.append(missed.summary());
        }
        first.append(event(initial.position(), "ready", Map.of("planId", planId, "position", initial.position())));
        stream.write(first.toString());
        long covered = initial.update();
        // taken on the feed's thread: merging into the pending rows costs it next to nothing
        stream.updates = result.updates()
                               .filter(changes -> changes.update() > covered)
                               .subscribe(changes -> stream.offer(texts.computeIfAbsent(changes, this::text)),
                                          stream::fail, stream::end);
        return stream.emitter;
    }

    /** A change as SSE text: each row an event with its position as id, and the summary. */
    private record Text(Map<String, String> rows, String summary) {
    }

    private Text text(PlanChanges changes) {
        if (texts.size() > 64) {
            texts.clear();
        }
        Map<String, String> rows = new LinkedHashMap<>();
        for (MeasureChange change : changes.measures()) {
            rows.put(change.measure().measureId(), event(change.position(), "measure", change.measure()));
        }
        // no id: a summary is no change of its own, and a client's last id stays that of its last row
        return new Text(rows, changes.summary() == null ? null : event(null, "summary", changes.summary()));
    }

    /** One SSE event; its data is one line of JSON (Jackson writes no line breaks unless asked to). */
    private String event(Long id, String name, Object data) {
        StringBuilder text = new StringBuilder();
        if (id != null) {
            text.append("id:").append(id).append('\n');
        }
        try {
            return text.append("event:").append(name).append("\ndata:").append(json.writeValueAsString(data))
                       .append("\n\n").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON: " + data.getClass(), e);
        }
    }

    private final class Stream {
        final SseEmitter emitter;
        final SubscriptionQueryResult<PlanChanges, PlanChanges> subscription;
        final String tokenId;
        volatile Disposable updates;
        /** Rows not yet written, by measure, in the order of their positions; the summary last come. */
        private final LinkedHashMap<String, String> pending = new LinkedHashMap<>();
        private String pendingSummary;
        private boolean writing;

        Stream(SseEmitter emitter, SubscriptionQueryResult<PlanChanges, PlanChanges> subscription, String tokenId) {
            this.emitter = emitter;
            this.subscription = subscription;
            this.tokenId = tokenId;
        }

        /** A change to write: merged with what is still pending, written by a writer thread. */
        void offer(Text change) {
            synchronized (this) {
                change.rows().forEach((measure, text) -> {
                    pending.remove(measure);
                    pending.put(measure, text);
                });
                if (change.summary() != null) {
                    pendingSummary = change.summary();
                }
                if (writing) {
                    return;
                }
                writing = true;
            }
            submit(this::writePending);
        }

        /**
         * Writes what is pending once; if more came meanwhile, queues itself again behind the other
         * streams' writes, so that every stream gets its turn.
         */
        private void writePending() {
            StringBuilder text = new StringBuilder();
            synchronized (this) {
                pending.values().forEach(text::append);
                if (pendingSummary != null) {
                    text.append(pendingSummary);
                }
                pending.clear();
                pendingSummary = null;
            }
            boolean written = text.isEmpty() || write(text.toString());
            synchronized (this) {
                if (!written || pending.isEmpty() && pendingSummary == null) {
                    writing = false;
                    return;
                }
            }
            submit(this::writePending);
        }

        /** Writes SSE text now; false when the client has gone (the stream is then closed). */
        boolean write(String text) {
            try {
                emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(text, UTF8)));
                return true;
            } catch (IOException | IllegalStateException e) {
                close();
                return false;
            }
        }

        void fail(Throwable e) {
            log.debug("stream ended by its subscription: {}", e.toString());
            end();
        }

        void end() {
            close();
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                log.trace("stream already ended", e);
            }
        }

        void close() {
            if (open.remove(this)) {
                Disposable running = updates;
                if (running != null) {
                    running.dispose();
                }
                subscription.cancel();
                try {
                    emitter.complete();
                } catch (RuntimeException e) {
                    log.trace("stream already ended", e);
                }
            }
        }
    }

    private void submit(Runnable task) {
        ExecutorService pool = writers;
        if (pool != null) {
            pool.execute(task);
        }
    }

    @Override
    public void start() {
        AtomicInteger threads = new AtomicInteger();
        writers = Executors.newFixedThreadPool(writerThreads, r -> {
            Thread thread = new Thread(r, "stream-writer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stream-heartbeats");
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.scheduleWithFixedDelay(() -> open.forEach(stream -> submit(() -> stream.write(HEARTBEAT))),
                                          heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        // a token revoked (by an ADMIN, on any node) ends the streams opened with it
        heartbeats.scheduleWithFixedDelay(() -> open.stream()
                                                    .filter(stream -> stream.tokenId != null
                                                                      && revokedTokens.isRevoked(stream.tokenId))
                                                    .forEach(Stream::end),
                                          1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            heartbeats = null;
        }
        List.copyOf(open).forEach(Stream::end);
        if (writers != null) {
            writers.shutdownNow();
            writers = null;
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }
}
