package ledger.support.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.queryhandling.QueryBus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Axon's message monitors with the series that docs/OPERATIONS.md names, at a fraction of their
 * cost. Axon's own look every meter up again for every message (four timers by name and tags, each
 * with client-side percentiles), keep a sliding window of every handling time for the capacity and
 * parse every event's timestamp for the latency: a sixth of query-service's CPU and a twelfth of
 * command-service's under load (docs/PERFORMANCE.md). Here a component's meters are built once per
 * payload type, only the command bus keeps percentiles (a command's p99 by type is what an operator
 * asks for; an event's handling time is in the views' lag), the capacity is busy time over elapsed
 * time between two scrapes, and the latency reads an event's timestamp at most ten times a second.
 * The timers per outcome (successTimer, failureTimer, ignoredTimer) are left out: allTimer and the
 * counters per outcome say the same.
 */
public class MessageMeters extends GlobalMetricRegistry {

    private static final String PAYLOAD_TYPE = "payloadType";
    private static final String PROCESSOR_NAME = "processorName";
    private static final long LATENCY_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    public MessageMeters(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? extends Message<?>> registerComponentWithDefaultTags(Class<?> componentType,
                                                                                 String componentName) {
        if (EventProcessor.class.isAssignableFrom(componentType)) {
            return new Monitor(getRegistry(), "eventProcessor", Tags.of(PROCESSOR_NAME, componentName), false, true);
        }
        if (CommandBus.class.isAssignableFrom(componentType)) {
            return new Monitor(getRegistry(), componentName, Tags.empty(), true, false);
        }
        if (EventBus.class.isAssignableFrom(componentType) || QueryBus.class.isAssignableFrom(componentType)) {
            return new Monitor(getRegistry(), componentName, Tags.empty(), false, false);
        }
        return super.registerComponentWithDefaultTags(componentType, componentName);
    }

    /** One component's meters: per payload type, built on its first message. */
    static final class Monitor implements MessageMonitor<Message<?>> {

        private final MeterRegistry registry;
        private final String prefix;
        private final Tags tags;
        private final boolean percentiles;
        private final Map<Class<?>, PayloadMeters> byPayloadType = new ConcurrentHashMap<>();
        private final LongAdder busyNanos = new LongAdder();
        private final AtomicLong latencyMillis;
        private volatile long latencySampledAt;

        Monitor(MeterRegistry registry, String prefix, Tags tags, boolean percentiles, boolean latency) {
            this.registry = registry;
            this.prefix = prefix;
            this.tags = tags;
            this.percentiles = percentiles;
            Gauge.builder(prefix + ".capacity", new Capacity(busyNanos), Capacity::busyThreads).tags(tags)
                 .description("threads busy handling messages, on average since the last read")
                 .strongReference(true).register(registry);
            this.latencyMillis = latency
                    ? registry.gauge(prefix + ".latency", tags, new AtomicLong())
                    : null;
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            PayloadMeters meters = byPayloadType.computeIfAbsent(message.getPayloadType(), this::meters);
            meters.ingested.increment();
            long start = System.nanoTime();
            if (latencyMillis != null && start - latencySampledAt > LATENCY_SAMPLE_NANOS
                && message instanceof EventMessage<?> event) {
                latencySampledAt = start;
                latencyMillis.set(Math.max(0, System.currentTimeMillis() - event.getTimestamp().toEpochMilli()));
            }
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    done(meters, meters.success);
                }

                @Override
                public void reportFailure(Throwable cause) {
                    done(meters, meters.failure);
                }

                @Override
                public void reportIgnored() {
                    done(meters, meters.ignored);
                }

                private void done(PayloadMeters meters, Counter outcome) {
                    long took = System.nanoTime() - start;
                    busyNanos.add(took);
                    meters.all.record(took, TimeUnit.NANOSECONDS);
                    meters.processed.increment();
                    outcome.increment();
                }
            };
        }

        private PayloadMeters meters(Class<?> payloadType) {
            Tags typed = tags.and(PAYLOAD_TYPE, payloadType.getSimpleName());
            Timer.Builder all = Timer.builder(prefix + ".allTimer").tags(typed);
            if (percentiles) {
                all.publishPercentiles(0.5, 0.95, 0.99).distributionStatisticExpiry(java.time.Duration.ofMinutes(10));
            }
            return new PayloadMeters(all.register(registry), counter("ingestedCounter", typed),
                                     counter("processedCounter", typed), counter("successCounter", typed),
                                     counter("failureCounter", typed), counter("ignoredCounter", typed));
        }

        private Counter counter(String name, Tags typed) {
            return Counter.builder(prefix + "." + name).tags(typed).register(registry);
        }
    }

    private record PayloadMeters(Timer all, Counter ingested, Counter processed, Counter success, Counter failure,
                                 Counter ignored) {
    }

    /** Busy time over elapsed time since the gauge was last read: the threads busy on average. */
    static final class Capacity {

        private final LongAdder busyNanos;
        private long lastBusy;
        private long lastRead = System.nanoTime();

        Capacity(LongAdder busyNanos) {
            this.busyNanos = busyNanos;
        }

        synchronized double busyThreads() {
            long now = System.nanoTime();
            long busy = busyNanos.sum();
            double threads = now == lastRead ? 0 : (double) (busy - lastBusy) / (now - lastRead);
            lastBusy = busy;
            lastRead = now;
            return threads;
        }
    }
}
