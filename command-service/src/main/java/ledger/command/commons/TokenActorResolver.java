package ledger.command.commons;

import jakarta.servlet.http.HttpServletRequest;
import ledger.support.units.LeadUnitDirectory;
import ledger.messages.Actor;
import ledger.support.security.TokenSecurity;
import ledger.support.security.TokenActors;
import org.springframework.stereotype.Component;

/**
 * The actor of a request is its token's: {@code sub}, {@code role}, and {@code unit} mapped to
 * the unit's canonical name (an alias in a token names the same unit).
 */
@Component
public class TokenActorResolver implements ActorResolver {

    private final LeadUnitDirectory units;

    public TokenActorResolver(LeadUnitDirectory units) {
        this.units = units;
    }

    @Override
    public Actor resolve(HttpServletRequest request) {
        Actor actor = TokenActors.currentActor().orElseThrow(() -> new UnidentifiedActorException(
                "the token names no actor: it needs a subject and one of the ledger's roles"));
        if (actor.unit() == null) {
            return actor;
        }
        return new Actor(actor.id(), actor.role(), units.canonical(actor.unit()).orElse(actor.unit()));
    }
}
