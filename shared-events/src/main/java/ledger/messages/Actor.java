package ledger.messages;

import java.util.Objects;

/**
 * Who issued a command: recorded in the metadata of every event it produced.
 *
 * @param id   the person's or service's identifier (a token's subject)
 * @param role the role the command was accepted under
 * @param unit the unit the actor acts for; null for roles that act for the office as a whole
 */
public record Actor(String id, ActorRole role, String unit) {

    /** The ledger itself, for what it does on its own (deadlines). */
    public static final Actor SYSTEM = new Actor("system", ActorRole.SYSTEM, null);

    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        if (id.isBlank()) {
            throw new IllegalArgumentException("actor id must not be blank");
        }
    }
}
