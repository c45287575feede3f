package ledger.command.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.Actor;
import ledger.messages.CommandOutcome;
import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.Sha256;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Sends a command with its actor and request metadata, honouring the idempotency key: a key seen
 * before returns the first outcome without sending anything.
 * <p>
 * A command that loses an append race (another node appended to the measure first: Axon's
 * {@link ConcurrencyException}, its whole transaction rolled back and the cached measure evicted)
 * is sent again, up to {@code ledger.commands.append-retries} more times: the measure is loaded
 * afresh and its rules decide again, so only a refusal on the current state reaches the caller
 * (409 not-allowed-in-state, or 412 when its If-Match is now stale). Done here rather than with an
 * Axon RetryScheduler: that one re-dispatches on its own thread after an interval and judges the
 * failure by its whole cause chain, while a retry here must first look again for an outcome
 * stored under the same idempotency key.
 */
@Service
public class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandGateway commandGateway;
    private final IdempotencyStore idempotencyStore;
    private final ObjectMapper fingerprintMapper;
    private final int appendRetries;

    public CommandDispatcher(CommandGateway commandGateway, IdempotencyStore idempotencyStore,
                             @Qualifier("defaultAxonObjectMapper") ObjectMapper fingerprintMapper,
                             @Value("${ledger.commands.append-retries:4}") int appendRetries) {
        if (appendRetries < 0) {
            throw new IllegalArgumentException("ledger.commands.append-retries must not be negative, was "
                                               + appendRetries);
        }
        this.commandGateway = commandGateway;
        this.idempotencyStore = idempotencyStore;
        this.fingerprintMapper = fingerprintMapper;
        this.appendRetries = appendRetries;
    }

    /** The outcome, and whether it is the stored answer to an earlier request with the same key. */
    public record Dispatched(CommandOutcome outcome, boolean replayed) {
    }

    public Dispatched dispatch(Object command, Actor actor, String correlationId, String idempotencyKey) {
        try {
            return dispatchAsync(command, actor, correlationId, idempotencyKey).join();
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    /**
     * As {@link #dispatch}, without waiting: the outcome completes when the command's events are
     * committed (or it failed). Many commands sent this way at once are grouped into few
     * transactions by the command bus (GroupCommitCommandBus).
     */
    public CompletableFuture<Dispatched> dispatchAsync(Object command, Actor actor, String correlationId,
                                                       String idempotencyKey) {
        String fingerprint = null;
        if (idempotencyKey != null) {
            fingerprint = fingerprint(command);
            var earlier = replay(actor, idempotencyKey, fingerprint);
            if (earlier != null) {
                return CompletableFuture.completedFuture(earlier);
            }
        }
        Map<String, Object> metadata = metadata(actor, correlationId);
        if (idempotencyKey != null) {
            metadata.put(MetadataKeys.IDEMPOTENCY_KEY, idempotencyKey);
            metadata.put(CommandOutcomeInterceptor.REQUEST_FINGERPRINT, fingerprint);
        }
        // the same message on every try: same identifier, metadata and idempotency key
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command)
                                                              .withMetaData(MetaData.from(metadata));
        return attempt(message, actor, idempotencyKey, fingerprint, 1);
    }

    private CompletableFuture<Dispatched> attempt(CommandMessage<Object> message, Actor actor, String idempotencyKey,
                                                  String fingerprint, int tries) {
        return commandGateway.<CommandOutcome>send(message)
                             .thenApply(outcome -> new Dispatched(outcome, false))
                             .exceptionallyCompose(failure -> {
                                 RuntimeException e = unwrapped(failure);
                                 // A concurrent request with the same key committed first; ours was
                                 // rolled back whole. Looked for after a lost append race too: that
                                 // request may be the one that won it.
                                 if (idempotencyKey != null && (causedByDuplicateKey(e) || lostAppendRace(e))) {
                                     var earlier = replay(actor, idempotencyKey, fingerprint);
                                     if (earlier != null) {
                                         return CompletableFuture.completedFuture(earlier);
                                     }
                                 }
                                 if (!retryable(e, tries, message)) {
                                     return CompletableFuture.failedFuture(e);
                                 }
                                 return attempt(message, actor, idempotencyKey, fingerprint, tries + 1);
                             });
    }

    /** The failure itself, out of the future's wrapping; a checked one wrapped once, as sendAndWait does. */
    private static RuntimeException unwrapped(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException runtime ? runtime : new CommandExecutionException(t.getMessage(), t);
    }

    /** Sends any command with its actor and correlation id, without idempotency; answers its result. */
    public <R> R send(Object command, Actor actor, String correlationId) {
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command)
                                                              .withMetaData(metadata(actor, correlationId));
        for (int tries = 1; ; tries++) {
            try {
                return commandGateway.sendAndWait(message);
            } catch (RuntimeException e) {
                if (!retryable(e, tries, message)) {
                    throw e;
                }
            }
        }
    }

    /** A lost append race with tries left: nothing was written, so deciding again is safe. */
    private boolean retryable(RuntimeException e, int tries, CommandMessage<?> message) {
        if (!lostAppendRace(e) || tries > appendRetries) {
            return false;
        }
        log.debug("{} lost an append race (try {} of {}); deciding again on the stored measure",
                  message.getPayloadType().getSimpleName(), tries, appendRetries + 1);
        return true;
    }

    private static boolean lostAppendRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> metadata(Actor actor, String correlationId) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MetadataKeys.ACTOR_ID, actor.id());
        metadata.put(MetadataKeys.ACTOR_ROLE, actor.role().name());
        if (actor.unit() != null) {
            metadata.put(MetadataKeys.ACTOR_UNIT, actor.unit());
        }
        metadata.put(MetadataKeys.CORRELATION_ID, correlationId);
        return metadata;
    }

    private Dispatched replay(Actor actor, String key, String fingerprint) {
        return idempotencyStore.find(actor.id(), key)
                               .map(stored -> {
                                   if (!stored.requestFingerprint().equals(fingerprint)) {
                                       throw new IdempotencyKeyReusedException(key);
                                   }
                                   return new Dispatched(stored.outcome(), true);
                               })
                               .orElse(null);
    }

    private static boolean causedByDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }

    /** SHA-256 over the command's type and its JSON form: the same request gives the same fingerprint. */
    private String fingerprint(Object command) {
        try {
            MessageDigest digest = Sha256.newDigest();
            digest.update(command.getClass().getName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(fingerprintMapper.writeValueAsBytes(command));
            return Sha256.hex(digest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint " + command.getClass().getName(), e);
        }
    }
}
