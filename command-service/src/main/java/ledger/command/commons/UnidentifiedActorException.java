package ledger.command.commons;

/** The request names no actor, or an unknown role: answered with 401, nothing appended. */
public class UnidentifiedActorException extends RuntimeException {

    public UnidentifiedActorException(String message) {
        super(message);
    }
}
