package ledger.messages;

/**
 * Keys of the metadata that every command carries and every event it produces inherits.
 * They are part of the stored history an auditor reads, so they never change.
 */
public final class MetadataKeys {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String ACTOR_UNIT = "actorUnit";
    /** Same key as Axon's own correlation data, so one id links an HTTP request to its events. */
    public static final String CORRELATION_ID = "correlationId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    private MetadataKeys() {
    }
}
