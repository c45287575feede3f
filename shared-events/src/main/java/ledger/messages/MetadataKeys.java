package ledger.messages;

/**
 * Keys of the metadata that every command carries and every event it produces inherits.
 * They are part of the stored history an auditor reads, so they never change.
 */
public final class MetadataKeys {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String ACTOR_UNIT = "actorUnit";
    /** The caller's request id (X-Correlation-Id, or one made up per request): links a request to its events. */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that caused this one (the command, for an event). */
    public static final String CAUSATION_ID = "causationId";
    /** The id of the first message of the chain. */
    public static final String TRACE_ID = "traceId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    private MetadataKeys() {
    }
}
