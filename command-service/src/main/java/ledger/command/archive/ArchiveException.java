package ledger.command.archive;

/** An export or restore that cannot be done: why, in words an operator can act on. */
public class ArchiveException extends RuntimeException {

    public enum Kind {
        /** The directory cannot be used (not absolute, not empty for an export, unreadable). */
        BAD_DIRECTORY,
        /** The export is damaged or not an export of this format: nothing was written. */
        DAMAGED_EXPORT,
        /** The store already holds a ledger: a restore goes only into an empty one. */
        STORE_NOT_EMPTY
    }

    private final Kind kind;

    public ArchiveException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
