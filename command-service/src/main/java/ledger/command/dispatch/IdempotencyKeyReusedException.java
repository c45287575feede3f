package ledger.command.dispatch;

/** The same idempotency key came with a different request: refused, nothing appended. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different request");
    }
}
