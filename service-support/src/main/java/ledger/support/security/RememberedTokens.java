package ledger.support.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the tokens it has verified, until they expire: a client sends the same bearer token
 * with every request, and checking its signature and parsing its claims each time was a large
 * part of a request's CPU. The key is the whole token, signature included, so a token that was
 * never verified is never served from here; an expired or not-yet-valid one goes back to the
 * decoder, which refuses it.
 */
public final class RememberedTokens implements JwtDecoder {

    private final JwtDecoder decoder;
    private final Clock clock;
    private final int capacity;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    public RememberedTokens(JwtDecoder decoder, Clock clock, int capacity) {
        this.decoder = decoder;
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt remembered = verified.get(token);
        if (remembered != null && inForce(remembered, clock.instant())) {
            return remembered;
        }
        verified.remove(token);
        Jwt jwt = decoder.decode(token);
        if (verified.size() >= capacity) {
            verified.clear();
        }
        if (inForce(jwt, clock.instant())) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    private static boolean inForce(Jwt jwt, Instant now) {
        return (jwt.getExpiresAt() == null || now.isBefore(jwt.getExpiresAt()))
               && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }
}
