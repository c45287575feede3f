package ledger.command.web;

import jakarta.servlet.http.HttpServletRequest;
import ledger.messages.Actor;
import ledger.messages.ActorRole;
import org.springframework.stereotype.Component;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the actor from {@code X-Actor-Id}, {@code X-Actor-Role} and {@code X-Actor-Unit}
 * (percent-encoded UTF-8).
 * Interim: trusted callers only, until JWTs carry the actor.
 */
@Component
public class HeaderActorResolver implements ActorResolver {

    public static final String ACTOR_ID = "X-Actor-Id";
    public static final String ACTOR_ROLE = "X-Actor-Role";
    public static final String ACTOR_UNIT = "X-Actor-Unit";
    private static final int MAX_LENGTH = 255;

    @Override
    public Actor resolve(HttpServletRequest request) {
        String id = request.getHeader(ACTOR_ID);
        String role = request.getHeader(ACTOR_ROLE);
        String unit = request.getHeader(ACTOR_UNIT);
        if (id == null || id.isBlank() || id.length() > MAX_LENGTH) {
            throw new UnidentifiedActorException("header " + ACTOR_ID + " must name the actor (1.." + MAX_LENGTH
                                                 + " characters)");
        }
        if (role == null || role.isBlank()) {
            throw new UnidentifiedActorException("header " + ACTOR_ROLE + " must name the actor's role");
        }
        ActorRole actorRole;
        try {
            actorRole = ActorRole.valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UnidentifiedActorException("unknown role '" + role + "'");
        }
        if (actorRole == ActorRole.SYSTEM) {
            throw new UnidentifiedActorException("role SYSTEM is reserved for the ledger itself");
        }
        // Header values are Latin-1 on the wire: unit names (Chinese) come percent-encoded in UTF-8.
        String decodedUnit = unit == null || unit.isBlank() ? null
                : URLDecoder.decode(unit.trim(), StandardCharsets.UTF_8);
        if (decodedUnit != null && decodedUnit.length() > MAX_LENGTH) {
            throw new UnidentifiedActorException("header " + ACTOR_UNIT + " is longer than " + MAX_LENGTH);
        }
        return new Actor(id.trim(), actorRole, decodedUnit);
    }
}
