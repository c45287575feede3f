package ledger.support.security;

import ledger.messages.Actor;
import ledger.messages.ActorRole;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The actor a token names: {@code sub}, its role in {@code role}, a lead unit's unit in {@code unit}. */
public final class TokenActors {

    public static final String ROLE_CLAIM = "role";
    public static final String UNIT_CLAIM = "unit";

    private TokenActors() {
    }

    /** The {@code role} claim becomes the one authority, {@code ROLE_<role>}. */
    public static JwtAuthenticationConverter authenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            String role = jwt.getClaimAsString(ROLE_CLAIM);
            return role == null ? List.of()
                    : List.of(new SimpleGrantedAuthority("ROLE_" + role.trim().toUpperCase(Locale.ROOT)));
        });
        return converter;
    }

    /** The actor of the current request, from its token only. */
    public static Optional<Actor> currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return actorOf(token.getToken());
        }
        return Optional.empty();
    }

    static Optional<Actor> actorOf(Jwt jwt) {
        String role = jwt.getClaimAsString(ROLE_CLAIM);
        if (jwt.getSubject() == null || jwt.getSubject().isBlank() || role == null) {
            return Optional.empty();
        }
        try {
            ActorRole actorRole = ActorRole.valueOf(role.trim().toUpperCase(Locale.ROOT));
            if (actorRole == ActorRole.SYSTEM) {
                return Optional.empty();   // the ledger's own role is never given out in a token
            }
            String unit = jwt.getClaimAsString(UNIT_CLAIM);
            return Optional.of(new Actor(jwt.getSubject(), actorRole, unit == null || unit.isBlank() ? null : unit));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
