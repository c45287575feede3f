package ledger.query.admin;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The bulk pass of a replay: every event up to the head through the handlers of each projection
 * being rebuilt. One reader reads the event store once and decodes each event once (payload and
 * metadata); each projection takes the same decoded events on a thread of its own, in
 * transactions of {@code eventsPerTransaction} events that also move every segment of its token.
 * A projection whose handlers fail stops there (its token stays at its last commit, and its
 * processor replays the rest as usual); the others carry on.
 */
final class BulkPass {

    /** Events handed from the reader to the projections at a time, and how many may wait. */
    private static final int CHUNK = 1_000;
    private static final int CHUNKS_WAITING = 4;
    private static final List<TrackedEventMessage<?>> END = List.of();

    private final EventStorageEngine storage;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final int eventsPerTransaction;

    BulkPass(EventStorageEngine storage, TokenStore tokenStore, TransactionManager transactionManager,
             int eventsPerTransaction) {
        this.storage = storage;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.eventsPerTransaction = eventsPerTransaction;
    }

    /**
     * Feeds every event up to {@code head} to each projection's handlers; reports each commit as
     * {@code progress(projection, position)}. Answers the failures, by projection (empty: all done).
     */
    Map<String, Throwable> run(Map<String, EventHandlerInvoker> projections, long head,
                               BiConsumer<String, Long> progress) {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        Map<String, BlockingQueue<List<TrackedEventMessage<?>>>> queues = new LinkedHashMap<>();
        List<Thread> passes = new ArrayList<>();
        projections.forEach((name, invoker) -> {
            BlockingQueue<List<TrackedEventMessage<?>>> queue = new ArrayBlockingQueue<>(CHUNKS_WAITING);
            queues.put(name, queue);
            Thread pass = new Thread(() -> {
                try {
                    handle(name, invoker, queue, progress);
                } catch (Throwable failure) {
                    failures.put(name, failure);
                    drain(queue);
                }
            }, "projection-rebuild-" + name);
            passes.add(pass);
            pass.start();
        });
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> events =
                    stream.takeWhile(event -> positionOf(event.trackingToken()) <= head).iterator();
            while (events.hasNext()) {
                List<TrackedEventMessage<?>> chunk = new ArrayList<>(CHUNK);
                while (chunk.size() < CHUNK && events.hasNext()) {
                    TrackedEventMessage<?> event = events.next();
                    // decoded here, once, for every projection
                    event.getPayload();
                    event.getMetaData();
                    chunk.add(event);
                }
                for (BlockingQueue<List<TrackedEventMessage<?>>> queue : queues.values()) {
                    queue.put(chunk);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queues.keySet().forEach(name -> failures.putIfAbsent(name, e));
        } catch (RuntimeException e) {
            // the reader failed: no projection got every event
            queues.keySet().forEach(name -> failures.putIfAbsent(name, e));
        } finally {
            for (BlockingQueue<List<TrackedEventMessage<?>>> queue : queues.values()) {
                putEnd(queue);
            }
            for (Thread pass : passes) {
                try {
                    pass.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return failures;
    }

    /** One projection's side: the reader's chunks through its handlers, committed every so many events. */
    private void handle(String name, EventHandlerInvoker invoker, BlockingQueue<List<TrackedEventMessage<?>>> queue,
                        BiConsumer<String, Long> progress) throws Exception {
        Transaction transaction = null;
        DefaultUnitOfWork<?> unitOfWork = null;
        TrackingToken reached = null;
        int inTransaction = 0;
        try {
            for (List<TrackedEventMessage<?>> chunk = queue.take(); chunk != END; chunk = queue.take()) {
                for (TrackedEventMessage<?> event : chunk) {
                    if (unitOfWork == null) {
                        transaction = transactionManager.startTransaction();
                        unitOfWork = DefaultUnitOfWork.startAndGet(null);
                    }
                    if (invoker.canHandle(event, Segment.ROOT_SEGMENT)) {
                        invoker.handle(event, Segment.ROOT_SEGMENT);
                    }
                    reached = event.trackingToken();
                    if (++inTransaction == eventsPerTransaction) {
                        commit(name, unitOfWork, transaction, reached);
                        progress.accept(name, positionOf(reached));
                        unitOfWork = null;
                        transaction = null;
                        inTransaction = 0;
                    }
                }
            }
            if (unitOfWork != null) {
                commit(name, unitOfWork, transaction, reached);
                progress.accept(name, positionOf(reached));
            }
        } catch (Exception | Error e) {
            if (unitOfWork != null && unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            if (transaction != null) {
                transaction.rollback();
            }
            throw e;
        }
    }

    private void commit(String name, DefaultUnitOfWork<?> unitOfWork, Transaction transaction, TrackingToken reached) {
        TrackingToken last = reached;
        unitOfWork.onPrepareCommit(u -> {
            for (int segment : tokenStore.fetchSegments(name)) {
                tokenStore.storeToken(last, name, segment);
            }
        });
        unitOfWork.commit();
        transaction.commit();
    }

    /** A failed projection still takes the reader's chunks, so that the others are not held up. */
    private static void drain(BlockingQueue<List<TrackedEventMessage<?>>> queue) {
        try {
            while (queue.take() != END) {
                // dropped: this projection's processor replays from its last token instead
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void putEnd(BlockingQueue<List<TrackedEventMessage<?>>> queue) {
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long positionOf(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("no position in " + token));
    }
}
