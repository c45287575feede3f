package ledger.command.importing;

/**
 * A plan that cannot be imported; nothing of it was written.
 *
 * @see #where() the line of the notice, or the field of a JSON plan, at fault
 */
public class ImportRejectedException extends RuntimeException {

    private final String where;
    private final boolean conflict;

    private ImportRejectedException(String where, String message, boolean conflict) {
        super(where == null ? message : where + ": " + message);
        this.where = where;
        this.conflict = conflict;
    }

    public static ImportRejectedException invalid(String where, String message) {
        return new ImportRejectedException(where, message, false);
    }

    /** The plan is on the ledger already, from another text. */
    public static ImportRejectedException conflict(String message) {
        return new ImportRejectedException(null, message, true);
    }

    public String where() {
        return where;
    }

    public boolean isConflict() {
        return conflict;
    }
}
