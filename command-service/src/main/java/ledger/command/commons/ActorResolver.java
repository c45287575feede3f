package ledger.command.commons;

import jakarta.servlet.http.HttpServletRequest;
import ledger.messages.Actor;

/**
 * Tells who sent a request. The actor recorded on events comes only from here, never from a
 * request body; the token-based resolver of the security issue replaces the header-based one.
 */
public interface ActorResolver {

    /** @throws UnidentifiedActorException when the request does not say who sent it */
    Actor resolve(HttpServletRequest request);
}
