package ledger.support.observability;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Axon's message monitors as docs/OPERATIONS.md names them, each meter built once. */
class MessageMetersTest {

    record AssignMeasure(String id) {
    }

    record EscalateMeasure(String id) {
    }

    record MeasureAssigned(String id) {
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MessageMeters meters = new MessageMeters(registry);

    @SuppressWarnings("unchecked")
    private MessageMonitor<Message<?>> monitor(Class<?> component, String name) {
        return (MessageMonitor<Message<?>>) meters.registerComponentWithDefaultTags(component, name);
    }

    @Test
    void theCommandBusTimesAndCountsEachCommandTypeWithPercentiles() {
        MessageMonitor<Message<?>> bus = monitor(CommandBus.class, "commandBus");
        bus.onMessageIngested(GenericCommandMessage.asCommandMessage(new AssignMeasure("a"))).reportSuccess();
        bus.onMessageIngested(GenericCommandMessage.asCommandMessage(new AssignMeasure("b"))).reportSuccess();
        bus.onMessageIngested(GenericCommandMessage.asCommandMessage(new EscalateMeasure("a")))
           .reportFailure(new IllegalStateException("refused"));

        Timer assign = registry.get("commandBus.allTimer").tag("payloadType", "AssignMeasure").timer();
        assertThat(assign.count()).isEqualTo(2);
        assertThat(assign.takeSnapshot().percentileValues()).extracting(p -> p.percentile())
                                                           .containsExactly(0.5, 0.95, 0.99);
        assertThat(registry.get("commandBus.successCounter").tag("payloadType", "AssignMeasure").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("commandBus.failureCounter").tag("payloadType", "EscalateMeasure").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("commandBus.failureCounter").tag("payloadType", "AssignMeasure").counter().count())
                .isZero();
    }

    @Test
    void aProcessorsMetersAreTaggedWithItsNameAndBuiltOnceForEachEventType() {
        MessageMonitor<Message<?>> processor = monitor(EventProcessor.class, "measure-status");
        processor.onMessageIngested(GenericEventMessage.asEventMessage(new MeasureAssigned("a"))).reportSuccess();
        int meterCount = registry.getMeters().size();
        for (int i = 0; i < 100; i++) {
            processor.onMessageIngested(GenericEventMessage.asEventMessage(new MeasureAssigned("a" + i))).reportIgnored();
        }

        assertThat(registry.getMeters()).hasSize(meterCount);
        Timer handled = registry.get("eventProcessor.allTimer").tag("processorName", "measure-status")
                                .tag("payloadType", "MeasureAssigned").timer();
        assertThat(handled.count()).isEqualTo(101);
        assertThat(handled.takeSnapshot().percentileValues()).isEmpty();
        assertThat(registry.get("eventProcessor.ignoredCounter").tag("processorName", "measure-status").counter().count())
                .isEqualTo(100);
    }

    @Test
    void aProcessorsLatencyIsTheAgeOfTheEventItHandles() {
        MessageMonitor<Message<?>> processor = monitor(EventProcessor.class, "audit-trail");
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        processor.onMessageIngested(new GenericEventMessage<>(
                "event-1", new MeasureAssigned("a"), java.util.Map.of(), anHourAgo)).reportSuccess();

        assertThat(registry.get("eventProcessor.latency").tag("processorName", "audit-trail").gauge().value())
                .isBetween(3_600_000.0, 3_660_000.0);
    }

    @Test
    void capacityIsTheThreadsBusyHandlingSinceItWasLastRead() {
        MessageMeters.Capacity capacity = new MessageMeters.Capacity(new java.util.concurrent.atomic.LongAdder());
        capacity.busyThreads();
        assertThat(capacity.busyThreads()).isZero();

        java.util.concurrent.atomic.LongAdder busy = new java.util.concurrent.atomic.LongAdder();
        MessageMeters.Capacity working = new MessageMeters.Capacity(busy);
        busy.add(Long.MAX_VALUE / 4);
        assertThat(working.busyThreads()).isPositive();
        assertThat(working.busyThreads()).isZero();
    }
}
