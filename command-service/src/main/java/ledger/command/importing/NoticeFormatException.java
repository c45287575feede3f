package ledger.command.importing;

/** The notice's text does not have the expected form; names the line (from 1) that failed. */
public class NoticeFormatException extends RuntimeException {

    private final int line;

    public NoticeFormatException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** The line that failed, from 1; 0 when the whole text is at fault. */
    public int line() {
        return line;
    }
}
