package ledger.query.notify;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** The senders' settings ({@code ledger.webhooks.*}, docs/WEBHOOKS.md). */
@Component
public class WebhookSettings {

    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration timeout;
    private final Duration pollInterval;
    private final int senderThreads;

    public WebhookSettings(@Value("${ledger.webhooks.max-attempts:8}") int maxAttempts,
                           @Value("${ledger.webhooks.retry.initial:1s}") Duration initialBackoff,
                           @Value("${ledger.webhooks.retry.max:15m}") Duration maxBackoff,
                           @Value("${ledger.webhooks.timeout:10s}") Duration timeout,
                           @Value("${ledger.webhooks.poll-interval:250ms}") Duration pollInterval,
                           @Value("${ledger.webhooks.sender-threads:2}") int senderThreads) {
        if (maxAttempts < 1 || senderThreads < 1) {
            throw new IllegalArgumentException("ledger.webhooks.max-attempts and .sender-threads must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.backoff = new Backoff(initialBackoff, maxBackoff);
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.senderThreads = senderThreads;
    }

    /** Attempts in all before a delivery becomes a dead letter. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Backoff backoff() {
        return backoff;
    }

    /** Connect and answer time of one attempt; the outbox row stays locked meanwhile. */
    public Duration timeout() {
        return timeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public int senderThreads() {
        return senderThreads;
    }
}
