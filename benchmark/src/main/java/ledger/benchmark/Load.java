package ledger.benchmark;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Drives operations, closed-loop at a concurrency or open-loop at a fixed rate, into a histogram. */
final class Load {

    /** One operation; true when it succeeded. */
    interface Operation {
        boolean run() throws Exception;
    }

    /** Latencies in ms, of the operations that succeeded; the failed ones are only counted. */
    record Outcome(long operations, double perSecond, double p50, double p99, double p999, long errors) {

        /** The same run counted in items of which each operation carries {@code items} (a batch). */
        Outcome perItem(int items) {
            return new Outcome(operations * items, perSecond * items, p50, p99, p999, errors * items);
        }

        static Outcome of(Histogram histogram, double seconds, long errors) {
            return new Outcome(histogram.getTotalCount(), histogram.getTotalCount() / seconds,
                               histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                               histogram.getValueAtPercentile(99.9) / 1e6, errors);
        }
    }

    private Load() {
    }

    /** Each of `concurrency` threads runs the operation back to back for the given time. */
    static Outcome closedLoop(int concurrency, Duration length, Operation operation) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        return onThreads(concurrency, () -> System.nanoTime() < end ? operation : null);
    }

    /** One operation on the item numbered {@code n}; true when it succeeded. */
    interface NumberedOperation {
        boolean run(int n) throws Exception;
    }

    /** Runs the operation once for each of the items 1..count, `concurrency` at a time. */
    static Outcome forEach(int concurrency, int count, NumberedOperation operation) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(1);
        return onThreads(concurrency, () -> {
            int item = next.getAndIncrement();
            return item <= count ? () -> operation.run(item) : null;
        });
    }

    /** Each thread runs the operations the supplier hands out, back to back, until it hands out null. */
    private static Outcome onThreads(int concurrency, Supplier<Operation> operations) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(() -> {
                for (Operation operation = operations.get(); operation != null; operation = operations.get()) {
                    long begin = System.nanoTime();
                    if (run(operation, errors)) {
                        recorder.recordValue(System.nanoTime() - begin);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Outcome.of(recorder.getIntervalHistogram(), (System.nanoTime() - start) / 1e9, errors.get());
    }

    /**
     * Starts operations at a fixed rate whatever the answers, and counts each latency from the moment
     * its operation was due to start (so a stalled server is not hidden by a waiting client). What has
     * not finished by the end of `drain` after the last start is abandoned and counted as an error.
     */
    static Outcome fixedRate(int perSecond, Duration length, Duration drain, int maxInFlight, Operation operation)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(maxInFlight);
        long count = perSecond * length.toSeconds();
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            workers.execute(() -> {
                if (run(operation, errors)) {
                    recorder.recordValue(System.nanoTime() - due);
                }
            });
        }
        workers.shutdown();
        if (!workers.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
            errors.addAndGet(workers.shutdownNow().size());
        }
        Histogram histogram = recorder.getIntervalHistogram();
        return Outcome.of(histogram, (System.nanoTime() - start) / 1e9, errors.get());
    }

    /** Runs it; a failure (false or an exception) is counted, and is not a latency or a throughput. */
    private static boolean run(Operation operation, AtomicLong errors) {
        try {
            if (operation.run()) {
                return true;
            }
        } catch (Exception e) {
            // counted below
        }
        errors.incrementAndGet();
        return false;
    }
}
