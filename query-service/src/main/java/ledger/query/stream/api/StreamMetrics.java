package ledger.query.stream.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** The live streams open on this node ({@code ledger_streams_open}), against its limit {@code ledger.stream.max-open}. */
@Component
public class StreamMetrics implements MeterBinder {

    private final OpenStreams streams;

    public StreamMetrics(OpenStreams streams) {
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ledger.streams.open", streams, OpenStreams::count)
             .description("Server-Sent-Events streams open on this node").register(registry);
    }
}
