package ledger.query.audit.seal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Seals every {@code ledger.seals.interval} while the service runs (when it holds the private key). */
public class SealSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SealSchedule.class);

    private final Seals seals;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public SealSchedule(Seals seals, Duration interval) {
        this.seals = seals;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (seals.canSeal() && !interval.isZero() && !interval.isNegative()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "audit-seal"));
            timer.scheduleWithFixedDelay(this::sealQuietly, interval.toMillis(), interval.toMillis(),
                                         TimeUnit.MILLISECONDS);
        }
    }

    private void sealQuietly() {
        try {
            seals.seal();
        } catch (RuntimeException e) {
            // the database may be down for a while: the next interval tries again
            log.warn("sealing failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
