package ledger.command.measure;

import ledger.messages.CommandRejection;

/** Thrown by the aggregate when it refuses a command; nothing is applied. */
public class CommandRejectedException extends RuntimeException {

    private final transient CommandRejection rejection;

    public CommandRejectedException(CommandRejection rejection) {
        super(rejection.message());
        this.rejection = rejection;
    }

    public CommandRejection rejection() {
        return rejection;
    }
}
