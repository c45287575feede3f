package ledger.query.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.query.admin.QueryNodes;
import ledger.query.audit.EventStoreAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drains the outbox on this node: {@code ledger.webhooks.sender-threads} threads, each claiming one
 * delivery at a time (Outbox), POSTing it signed, and recording the answer in the same transaction
 * that holds the row. A node that dies mid-attempt rolls back, and the row is sent again (at least
 * once; receivers de-duplicate by {@code Ledger-Event-Id}). An idle thread looks again every
 * {@code ledger.webhooks.poll-interval}.
 */
@Component
@ConditionalOnProperty(name = "ledger.webhooks.enabled", havingValue = "true", matchIfMissing = true)
public class WebhookSender implements SmartLifecycle {

    public static final String EVENT_ID = "Ledger-Event-Id";
    public static final String EVENT_TYPE = "Ledger-Event-Type";
    public static final String DELIVERY_ID = "Ledger-Delivery-Id";

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final Outbox outbox;
    private final EventStoreAudit audit;
    private final ObjectMapper json;
    private final WebhookSettings settings;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String node;
    private final HttpClient http;
    private volatile ScheduledExecutorService threads;

    public WebhookSender(Outbox outbox, EventStoreAudit audit, ObjectMapper json, WebhookSettings settings,
                         PlatformTransactionManager transactions, Clock clock, QueryNodes nodes) {
        this.outbox = outbox;
        this.audit = audit;
        this.json = json;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.node = nodes.id();
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                              .followRedirects(HttpClient.Redirect.NEVER)
                              // plain HTTP/1.1: no h2c upgrade offered to receivers that may not expect one
                              .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public synchronized void start() {
        threads = Executors.newScheduledThreadPool(settings.senderThreads(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < settings.senderThreads(); i++) {
            threads.scheduleWithFixedDelay(this::drain, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = threads;
        threads = null;
        if (running != null) {
            running.shutdown();
            try {
                // an attempt under way ends within the timeout; one cut short is rolled back and sent again
                if (!running.awaitTermination(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                running.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return threads != null;
    }

    /** Sends until nothing is due; a failure of the database waits for the next round. */
    private void drain() {
        try {
            while (threads != null && !threads.isShutdown() && deliverOne()) {
                // next
            }
        } catch (RuntimeException e) {
            log.warn("Webhook deliveries paused until the next round: {}", e.toString());
        }
    }

    /** One delivery, claimed, sent and recorded in one transaction; false when none is due. */
    boolean deliverOne() {
        Boolean sent = transaction.execute(tx -> outbox.claimNext().map(claimed -> {
            outbox.record(claimed, send(claimed), node, settings.maxAttempts(), settings.backoff());
            return true;
        }).orElse(false));
        return Boolean.TRUE.equals(sent);
    }

    private Outbox.Answer send(Outbox.Claimed claimed) {
        long started = System.nanoTime();
        byte[] body;
        try {
            body = body(claimed);
        } catch (RuntimeException e) {
            return new Outbox.Answer(null, null, "cannot read the event: " + e, elapsed(started));
        }
        long timestamp = clock.instant().getEpochSecond();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(claimed.url()))
                                             .timeout(settings.timeout())
                                             .header("Content-Type", "application/json")
                                             .header("User-Agent", "supervision-ledger-webhooks")
                                             .header(EVENT_ID, claimed.eventId())
                                             .header(EVENT_TYPE, claimed.eventType())
                                             .header(DELIVERY_ID, Long.toString(claimed.id()))
                                             .header(WebhookSigner.HEADER,
                                                     WebhookSigner.header(claimed.secret(), timestamp, body))
                                             .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String answer;
            try (InputStream in = response.body()) {
                answer = new String(in.readNBytes(1000), StandardCharsets.UTF_8);
            }
            return new Outbox.Answer(response.statusCode(), answer, null, elapsed(started));
        } catch (IOException | IllegalArgumentException e) {
            return new Outbox.Answer(null, null, e.getClass().getSimpleName() + ": " + e.getMessage(),
                                     elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped during a delivery; it is sent again", e);
        }
    }

    /** The event exactly as the audit feed shows it ({@code /api/v1/audit/events}). */
    private byte[] body(Outbox.Claimed claimed) {
        EventStoreAudit.AuditEvent event = audit.event(claimed.position())
                                                .orElseThrow(() -> new IllegalStateException(
                                                        "no event at position " + claimed.position()));
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
