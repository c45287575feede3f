package ledger.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Server-Sent-Events client as a browser's would read the stream: events (id, name, data) in
 * the order they arrive, comments apart. Reads on a thread of its own until closed.
 */
public final class EventStreamClient implements AutoCloseable {

    /** An event as sent: {@code id} is its own id field, null if it had none. */
    public record Event(String id, String name, String data) {

        /** Its data as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final CompletableFuture<Void> reading;

    public EventStreamClient(URI uri, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                                                 .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        reading = response.statusCode() == 200 ? CompletableFuture.runAsync(this::read)
                                               : CompletableFuture.completedFuture(null);
    }

    /** Whether the server ended the stream (or it was closed). */
    public boolean ended() {
        return reading.isDone();
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of an answer that is not a stream (an error). */
    public String errorBody() {
        return String.join("\n", response.body().toList());
    }

    private void read() {
        try (Stream<String> lines = response.body()) {
            new Parser(events::add, comments::add).lines(lines);
        } catch (UncheckedIOException e) {
            // closed
        }
    }

    /** The events of SSE text as it was written, for a stream read other than over HTTP. */
    public static List<Event> events(String text) {
        List<Event> events = new ArrayList<>();
        new Parser(events::add, comment -> { }).lines(text.lines());
        return events;
    }

    /** The SSE format, line by line: an event ends at an empty line; a comment starts with a colon. */
    private record Parser(Consumer<Event> events, Consumer<String> comments) {

        void lines(Stream<String> lines) {
            String id = null;
            String name = null;
            List<String> data = new ArrayList<>();
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.accept(new Event(id, name == null ? "message" : name, String.join("\n", data)));
                    }
                    id = null;
                    name = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    comments.accept(line.substring(1).strip());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        }
    }

    /** The next event, waiting at most the given time; null if none came. */
    public Event next(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event with this name, skipping others; fails if none comes in time. */
    public Event nextNamed(String name, Duration wait) throws InterruptedException {
        return nextMatching(name, event -> true, wait);
    }

    /** The next event with this name that matches, skipping others; fails if none comes in time. */
    public Event nextMatching(String name, Predicate<Event> matching, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        List<Event> skipped = new ArrayList<>();
        while (System.nanoTime() < until) {
            Event event = events.poll(Math.max(1, (until - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (event != null && event.name().equals(name) && matching.test(event)) {
                return event;
            }
            if (event != null) {
                skipped.add(event);
            }
        }
        throw new AssertionError("no matching '" + name + "' event within " + wait + "; skipped " + skipped);
    }

    /** The events as they come, until those received satisfy the condition; fails if they do not in time. */
    public List<Event> collectUntil(Predicate<List<Event>> enough, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        List<Event> received = new ArrayList<>();
        while (!enough.test(received)) {
            long left = (until - System.nanoTime()) / 1_000_000;
            Event event = left > 0 ? events.poll(left, TimeUnit.MILLISECONDS) : null;
            if (event == null) {
                throw new AssertionError("not there within " + wait + "; received " + received);
            }
            received.add(event);
        }
        return received;
    }

    /** Every event received and not yet taken. */
    public List<Event> drain() {
        List<Event> taken = new ArrayList<>();
        events.drainTo(taken);
        return taken;
    }

    public String nextComment(Duration wait) throws InterruptedException {
        return comments.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        response.body().close();
        reading.cancel(true);
    }
}
