package ledger.command.commons;

/** How long a text of a command may be, wherever it arrives: a command's body or an imported plan. */
public final class TextLimits {

    public static final int SHORT_TEXT = 500;
    /** Free text: a summary, notes, a reason, a description. */
    public static final int LONG_TEXT = 20_000;
    public static final int NAME = 200;
    /** Items of a list: leaders, lead units, milestones. */
    public static final int LIST = 100;

    private TextLimits() {
    }
}
