package ledger.messages;

import java.util.List;

/**
 * Why a command was refused. Travels as the details of Axon's CommandExecutionException, so a
 * JVM client behind Axon Server learns the same as an HTTP client does from the problem body.
 *
 * @param kind            what sort of refusal (maps to an HTTP status)
 * @param message         a sentence for people
 * @param currentStatus   the measure's status when it was refused, if it exists
 * @param allowedCommands what the measure accepts in that status
 * @param currentVersion  the measure's version, for a stale-version refusal
 */
public record CommandRejection(Kind kind, String message, String currentStatus, List<String> allowedCommands,
                               Long currentVersion) {

    public enum Kind {
        /** The command itself is invalid, whatever the state (HTTP 400). */
        INVALID,
        /** No such measure (HTTP 404). */
        NOT_FOUND,
        /** The actor may not do this to this measure, such as a unit not leading it (HTTP 403). */
        FORBIDDEN,
        /** The measure's current state does not allow it (HTTP 409). */
        CONFLICT,
        /** The caller's expected version is not the measure's version (HTTP 412). */
        STALE_VERSION
    }

    public CommandRejection {
        allowedCommands = allowedCommands == null ? List.of() : List.copyOf(allowedCommands);
    }

    public static CommandRejection invalid(String message) {
        return new CommandRejection(Kind.INVALID, message, null, List.of(), null);
    }

    public static CommandRejection notFound(String message) {
        return new CommandRejection(Kind.NOT_FOUND, message, null, List.of(), null);
    }
}
