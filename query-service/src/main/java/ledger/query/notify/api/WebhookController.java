package ledger.query.notify.api;

import ledger.query.notify.DeliveryLog;
import ledger.query.notify.Outbox;
import ledger.query.notify.OutboxStatus;
import ledger.query.notify.Subscription;
import ledger.query.notify.SubscriptionRequest;
import ledger.query.notify.Subscriptions;
import com.fasterxml.jackson.databind.JsonNode;
import ledger.query.commons.InvalidQueryException;
import ledger.support.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Webhooks (ADMIN): subscriptions registered, listed and deleted; each one's delivery log; the dead
 * letters, and sending one again. A subscription's secret is in the answer to its creation only.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(
        name = "Webhooks", description = "Notifications to internal services: subscriptions, signed deliveries "
                                         + "with retries, the delivery log and dead letters (ADMIN).")
@RequestMapping(path = "/api/v1/admin/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
public class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "DEAD", "CANCELLED");

    private final Subscriptions subscriptions;
    private final DeliveryLog deliveries;
    private final Outbox outbox;
    private final OutboxStatus status;

    public WebhookController(Subscriptions subscriptions, DeliveryLog deliveries, Outbox outbox, OutboxStatus status) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.status = status;
    }

    /** Thrown for a subscription or dead letter that does not exist: 404. */
    public static final class UnknownWebhookException extends RuntimeException {
        UnknownWebhookException(String message) {
            super(message);
        }
    }

    @io.swagger.v3.oas.annotations.Operation(
            operationId = "createWebhook", summary = "Register a webhook subscription",
            description = "A URL, the event types it wants (as the audit feed names them) and optionally the lead "
                          + "units whose measures matter. Answers 201 with the subscription and its signing "
                          + "secret, shown this once. Deliveries start with the events committed after it.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "201", description = "Registered: the subscription and its secret (shown only here).")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body, Principal principal) {
        SubscriptionRequest request = SubscriptionRequest.parse(body);
        String admin = principal == null ? "unknown" : principal.getName();
        Subscriptions.Created created = subscriptions.create(request, admin);
        Subscription subscription = created.subscription();
        log.warn("webhook subscription {} to {} for {} registered by {}", subscription.id(), subscription.url(),
                 subscription.eventTypes(), admin);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", subscription.id());
        answer.put("url", subscription.url());
        answer.put("eventTypes", subscription.eventTypes());
        answer.put("leadUnits", subscription.leadUnits());
        answer.put("description", subscription.description());
        answer.put("fromPosition", subscription.fromPosition());
        answer.put("createdAt", subscription.createdAt());
        answer.put("createdBy", subscription.createdBy());
        // shown this once: the receiver needs it to check signatures
        answer.put("secret", created.secret());
        return ResponseEntity.status(HttpStatus.CREATED)
                             .location(java.net.URI.create("/api/v1/admin/webhooks/" + subscription.id()))
                             .body(answer);
    }

    @io.swagger.v3.oas.annotations.Operation(
            operationId = "listWebhooks", summary = "List the webhook subscriptions",
            description = "Every subscription, without its secret.")
    @GetMapping
    public List<Subscription> list() {
        return subscriptions.active();
    }

    @io.swagger.v3.oas.annotations.Operation(
            operationId = "getWebhook", summary = "One webhook subscription",
            description = "The subscription, without its secret; 404 when there is none with this id.")
    @GetMapping("/{subscription}")
    public Subscription get(@PathVariable String subscription) {
        long id = id("subscription", subscription);
        return subscriptions.find(id).orElseThrow(() -> unknownSubscription(id));
    }

    @io.swagger.v3.oas.annotations.Operation(
            operationId = "deleteWebhook", summary = "Delete a webhook subscription",
            description = "Deletes the subscription and cancels its pending deliveries and dead letters; the "
                          + "delivery log of what was sent stays.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "204", description = "Deleted.")
    @DeleteMapping("/{subscription}")
    public ResponseEntity<Void> delete(@PathVariable String subscription, Principal principal) {
        long id = id("subscription", subscription);
        String admin = principal == null ? "unknown" : principal.getName();
        if (!subscriptions.delete(id, admin)) {
            throw unknownSubscription(id);
        }
        log.warn("webhook subscription {} deleted by {}", id, admin);
        return ResponseEntity.noContent().build();
    }

    /** The delivery log: the subscription's deliveries, newest first, each with its attempts and answers. */
    @io.swagger.v3.oas.annotations.Operation(
            operationId = "webhookDeliveries", summary = "The delivery log of a subscription",
            description = "Its deliveries, newest first, each with its attempts and the receiver's answers; "
                          + "optionally only those in one state.")
    @GetMapping("/{subscription}/deliveries")
    public List<DeliveryLog.Delivery> deliveries(@PathVariable String subscription,
                                                 @RequestParam(required = false) String state,
                                                 @RequestParam(required = false) String limit) {
        long id = id("subscription", subscription);
        subscriptions.find(id).orElseThrow(() -> unknownSubscription(id));
        if (state != null && !STATES.contains(state)) {
            throw new InvalidQueryException("state", "one of " + STATES);
        }
        return deliveries.deliveries(id, state, limit(limit));
    }

    /** The outbox processor's position, lag and claims over every node, and the deliveries by state. */
    @io.swagger.v3.oas.annotations.Operation(
            operationId = "webhookOutbox", summary = "The webhook outbox",
            description = "The outbox processor's position, lag and segment claims over every node, and the "
                          + "deliveries counted by state.")
    @GetMapping("/outbox")
    public OutboxStatus.Status outbox() {
        return status.status();
    }

    @io.swagger.v3.oas.annotations.Operation(
            operationId = "webhookDeadLetters", summary = "The dead letters",
            description = "Deliveries given up after the attempt limit, newest first; optionally of one "
                          + "subscription.")
    @GetMapping("/dead-letters")
    public List<DeliveryLog.Delivery> deadLetters(@RequestParam(required = false) String subscription,
                                                  @RequestParam(required = false) String limit) {
        return deliveries.deadLetters(subscription == null ? null : id("subscription", subscription), limit(limit));
    }

    /** Sends a dead letter again, with its attempts counted afresh: 202, follow it in the delivery log. */
    @io.swagger.v3.oas.annotations.Operation(
            operationId = "resendDeadLetter", summary = "Send a dead letter again",
            description = "Puts the dead letter back in the outbox with its attempts counted afresh; follow it in "
                          + "the delivery log.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "202", description = "Queued again (state PENDING).")
    @PostMapping("/dead-letters/{delivery}/resend")
    public ResponseEntity<Map<String, Object>> resend(@PathVariable String delivery, Principal principal) {
        long id = id("delivery", delivery);
        if (!outbox.resend(id)) {
            throw new UnknownWebhookException(deliveries.exists(id) ? "delivery " + id + " is not a dead letter"
                                                                    : "no delivery " + id);
        }
        log.warn("dead letter {} sent again by {}", id, principal == null ? "unknown" : principal.getName());
        return ResponseEntity.accepted().body(Map.of("id", id, "state", "PENDING"));
    }

    private static UnknownWebhookException unknownSubscription(long id) {
        return new UnknownWebhookException("no webhook subscription " + id);
    }

    private static long id(String parameter, String value) {
        try {
            long id = Long.parseLong(value.trim());
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(parameter, "must be a positive whole number");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit < 1 || limit > 1000) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("limit", "must be between 1 and 1000");
        }
    }
}
