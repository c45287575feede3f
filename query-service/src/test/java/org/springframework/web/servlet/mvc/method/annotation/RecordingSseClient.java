package org.springframework.web.servlet.mvc.method.annotation;

import org.springframework.http.MediaType;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The client of an {@link SseEmitter} that a class hands out through its API rather than through
 * a controller: it takes the servlet container's part (ResponseBodyEmitter takes that through a
 * package-private method, hence this package), keeps each write as the text written, and can hold
 * the writes back as a slow client does, whose full socket keeps the writing thread waiting.
 */
public final class RecordingSseClient {

    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final List<Runnable> completion = new CopyOnWriteArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile CountDownLatch held = new CountDownLatch(0);

    private RecordingSseClient() {
    }

    /** Connects a client to the emitter: what was sent before is written to it first. */
    public static RecordingSseClient connect(SseEmitter emitter) throws IOException {
        RecordingSseClient client = new RecordingSseClient();
        emitter.initialize(client.new Connection());
        return client;
    }

    /** From now on, a write waits until {@link #release()}. */
    public void hold() {
        held = new CountDownLatch(1);
    }

    public void release() {
        held.countDown();
    }

    /** Whether a thread is waiting to write to this client. */
    public boolean writerWaiting() {
        return waiting.get() > 0;
    }

    /** Each write as it was written, in order. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    /** Everything written so far. */
    public String text() {
        return String.join("", writes);
    }

    /** The client goes away, as a container reports a closed connection. */
    public void disconnect() {
        release();
        completion.forEach(Runnable::run);
    }

    private final class Connection implements ResponseBodyEmitter.Handler {

        @Override
        public void send(Object data, MediaType mediaType) throws IOException {
            send(Set.of(new ResponseBodyEmitter.DataWithMediaType(data, mediaType)));
        }

        @Override
        public void send(Set<ResponseBodyEmitter.DataWithMediaType> items) throws IOException {
            waiting.incrementAndGet();
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            } finally {
                waiting.decrementAndGet();
            }
            writes.add(items.stream().map(item -> String.valueOf(item.getData())).collect(Collectors.joining()));
        }

        @Override
        public void complete() {
            completion.forEach(Runnable::run);
        }

        @Override
        public void completeWithError(Throwable failure) {
            complete();
        }

        @Override
        public void onTimeout(Runnable callback) {
        }

        @Override
        public void onError(Consumer<Throwable> callback) {
        }

        @Override
        public void onCompletion(Runnable callback) {
            completion.add(callback);
        }
    }
}
