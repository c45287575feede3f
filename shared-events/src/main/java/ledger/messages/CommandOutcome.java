package ledger.messages;

/**
 * What an accepted command on a measure answers: the measure and its version after the command,
 * which a caller passes back as {@code If-Match} (the expected version) on its next command.
 */
public record CommandOutcome(String measureId, long version) {
}
