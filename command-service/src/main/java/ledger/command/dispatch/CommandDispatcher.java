package ledger.command.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.Actor;
import ledger.messages.CommandOutcome;
import ledger.messages.MetadataKeys;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Sends a command with its actor and request metadata, honouring the idempotency key: a key seen
 * before returns the first outcome without sending anything.
 */
@Service
public class CommandDispatcher {

    private final CommandGateway commandGateway;
    private final IdempotencyStore idempotencyStore;
    private final ObjectMapper fingerprintMapper;

    public CommandDispatcher(CommandGateway commandGateway, IdempotencyStore idempotencyStore,
                             @Qualifier("defaultAxonObjectMapper") ObjectMapper fingerprintMapper) {
        this.commandGateway = commandGateway;
        this.idempotencyStore = idempotencyStore;
        this.fingerprintMapper = fingerprintMapper;
    }

    /** The outcome, and whether it is the stored answer to an earlier request with the same key. */
    public record Dispatched(CommandOutcome outcome, boolean replayed) {
    }

    public Dispatched dispatch(Object command, Actor actor, String correlationId, String idempotencyKey) {
        String fingerprint = null;
        if (idempotencyKey != null) {
            fingerprint = fingerprint(command);
            var earlier = replay(actor, idempotencyKey, fingerprint);
            if (earlier != null) {
                return earlier;
            }
        }
        Map<String, Object> metadata = metadata(actor, correlationId);
        if (idempotencyKey != null) {
            metadata.put(MetadataKeys.IDEMPOTENCY_KEY, idempotencyKey);
            metadata.put(CommandOutcomeInterceptor.REQUEST_FINGERPRINT, fingerprint);
        }
        try {
            CommandOutcome outcome = commandGateway.sendAndWait(
                    GenericCommandMessage.asCommandMessage(command).withMetaData(MetaData.from(metadata)));
            return new Dispatched(outcome, false);
        } catch (RuntimeException e) {
            // A concurrent request with the same key committed first; ours was rolled back whole.
            if (idempotencyKey != null && causedByDuplicateKey(e)) {
                var earlier = replay(actor, idempotencyKey, fingerprint);
                if (earlier != null) {
                    return earlier;
                }
            }
            throw e;
        }
    }

    /** Sends any command with its actor and correlation id, without idempotency; answers its result. */
    public <R> R send(Object command, Actor actor, String correlationId) {
        return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                                                               .withMetaData(metadata(actor, correlationId)));
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
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(command.getClass().getName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(fingerprintMapper.writeValueAsBytes(command));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint " + command.getClass().getName(), e);
        }
    }
}
