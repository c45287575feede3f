package ledger.query.notify;

import java.time.Duration;

/**
 * How long a delivery waits after its n-th failed attempt: {@code initial}, doubled after each
 * further failure, never more than {@code max}. No jitter: the senders of all nodes already
 * spread over time, and a fixed schedule is what an admin reads in the delivery log.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The pause after {@code failedAttempts} failures (1 for the first). */
    public Duration after(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failed attempts start at 1");
        }
        Duration delay = initial;
        for (int i = 1; i < failedAttempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
