package ledger.query.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.query.PlanChanges;
import ledger.messages.query.PlanChanges.MeasureChange;
import ledger.messages.query.WatchPlan;
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
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open Server-Sent-Events streams of this node: each is an Axon subscription query
 * ({@link WatchPlan}) written to its client as SSE events, {@code id} the global position. The
 * initial answer (the changes the client missed, then the summary and {@code ready}) goes first,
 * then each update, skipping what the initial answer already held. Heartbeat comments keep proxies
 * from closing an idle stream and find clients that went away; a stream ends when its token
 * expires (the client reconnects with a fresh one and its Last-Event-ID), and a closed stream
 * cancels its subscription.
 * <p>
 * Each update is turned into SSE text once, whichever number of clients receive it; each client is
 * written on Reactor's bounded elastic threads, so a slow client holds up only itself. A client so
 * slow that Axon's update buffer overflows is disconnected, and catches up when it reconnects.
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

    private final QueryGateway queries;
    private final ObjectMapper json;
    private final int maxOpen;
    private final Duration heartbeat;
    private final Duration initialTimeout;
    private final Scheduler writers = Schedulers.boundedElastic();
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    /** The SSE text of the update last turned into text, shared by every client that receives it. */
    private final Map<PlanChanges, Frame> framed = new ConcurrentHashMap<>();
    private ScheduledExecutorService heartbeats;

    public OpenStreams(QueryGateway queries, ObjectMapper json,
                       @Value("${ledger.stream.max-open:1000}") int maxOpen,
                       @Value("${ledger.stream.heartbeat:15s}") Duration heartbeat,
                       @Value("${ledger.stream.initial-timeout:30s}") Duration initialTimeout) {
        this.queries = queries;
        this.json = json;
        this.maxOpen = maxOpen;
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
    public SseEmitter open(String planId, Long afterPosition, Duration lifetime) {
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
        Stream stream = new Stream(new SseEmitter(lifetime.toMillis()), result);
        open.add(stream);
        stream.emitter.onCompletion(stream::close);
        stream.emitter.onTimeout(stream::close);
        stream.emitter.onError(e -> stream.close());
        StringBuilder first = events(initial);
        event(first, initial.position(), "ready", Map.of("planId", planId, "position", initial.position()));
        stream.send(new Frame(first.toString()));
        long covered = initial.update();
        stream.updates = result.updates()
                               .filter(changes -> changes.update() > covered)
                               .map(changes -> framed.computeIfAbsent(changes, this::frames))
                               .publishOn(writers)
                               .subscribe(stream::send, stream::fail, stream::end);
        return stream.emitter;
    }

    /** A change as SSE text, written once for all its clients. */
    private Frame frames(PlanChanges changes) {
        if (framed.size() > 64) {
            framed.clear();
        }
        return new Frame(events(changes).toString());
    }

    /**
     * A change's SSE events: its rows, each with its position as id, then its summary, without an
     * id: it is no change of its own, and a client's last id stays that of the last row it has.
     */
    private StringBuilder events(PlanChanges changes) {
        StringBuilder text = new StringBuilder();
        for (MeasureChange change : changes.measures()) {
            event(text, change.position(), "measure", change.measure());
        }
        if (changes.summary() != null) {
            event(text, null, "summary", changes.summary());
        }
        return text;
    }

    /** One SSE event; its data is one line of JSON (Jackson writes no line breaks unless asked to). */
    private void event(StringBuilder text, Long id, String name, Object data) {
        if (id != null) {
            text.append("id:").append(id).append('\n');
        }
        text.append("event:").append(name).append("\ndata:").append(json(data)).append("\n\n");
    }

    /**
     * SSE text ready to write as it is: one write and one flush per change, whatever number of
     * events it holds. Sent as UTF-8 (a String's default charset would be ISO-8859-1).
     */
    private record Frame(Set<ResponseBodyEmitter.DataWithMediaType> text) {
        Frame(String text) {
            this(Set.of(new ResponseBodyEmitter.DataWithMediaType(text, UTF8)));
        }
    }

    private static final MediaType UTF8 = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private static final Frame HEARTBEAT = new Frame(": heartbeat\n\n");

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON: " + value.getClass(), e);
        }
    }

    private final class Stream {
        final SseEmitter emitter;
        final SubscriptionQueryResult<PlanChanges, PlanChanges> subscription;
        volatile Disposable updates;

        Stream(SseEmitter emitter, SubscriptionQueryResult<PlanChanges, PlanChanges> subscription) {
            this.emitter = emitter;
            this.subscription = subscription;
        }

        void send(Frame frame) {
            try {
                emitter.send(frame.text());
            } catch (IOException | IllegalStateException e) {
                // the client went away (or the stream has ended): free what it held
                close();
            }
        }

        void heartbeat() {
            send(HEARTBEAT);
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

    @Override
    public void start() {
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stream-heartbeats");
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.scheduleWithFixedDelay(() -> open.forEach(stream -> writers.schedule(stream::heartbeat)),
                                          heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            heartbeats = null;
        }
        List.copyOf(open).forEach(Stream::end);
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }
}
