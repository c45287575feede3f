package ledger.support.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers the tokens it has verified: a client sends the same bearer token with every request,
 * and checking its signature and parsing its claims each time was a large part of a request's CPU.
 * The key is the whole token, signature included, so a token that was never verified is never
 * served from here; an expired or not-yet-valid one goes back to the decoder, which refuses it.
 * <p>
 * A token is remembered until it expires, at most {@code maxAge} after it was verified, and only
 * while the signing key set is the one it was verified under ({@code keySetVersion}, moved on by
 * {@link KeySetChanges}): a key removed at the identity provider ends the tokens it signed as
 * soon as the new key set is read, instead of when they expire.
 */
public final class RememberedTokens implements JwtDecoder {

    private record Verified(Jwt jwt, Instant at, long keySetVersion) {
    }

    private final JwtDecoder decoder;
    private final Clock clock;
    private final int capacity;
    private final Duration maxAge;
    private final LongSupplier keySetVersion;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public RememberedTokens(JwtDecoder decoder, Clock clock, int capacity) {
        this(decoder, clock, capacity, Duration.ofDays(366), () -> 0);
    }

    public RememberedTokens(JwtDecoder decoder, Clock clock, int capacity, Duration maxAge, LongSupplier keySetVersion) {
        this.decoder = decoder;
        this.clock = clock;
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.keySetVersion = keySetVersion;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Verified remembered = verified.get(token);
        Instant now = clock.instant();
        if (remembered != null && inForce(remembered.jwt(), now) && now.isBefore(remembered.at().plus(maxAge))
            && remembered.keySetVersion() == keySetVersion.getAsLong()) {
            return remembered.jwt();
        }
        verified.remove(token);
        long version = keySetVersion.getAsLong();   // read before verifying: a change meanwhile is not missed
        Jwt jwt = decoder.decode(token);
        if (verified.size() >= capacity) {
            verified.clear();
        }
        if (inForce(jwt, clock.instant())) {
            verified.put(token, new Verified(jwt, now, version));
        }
        return jwt;
    }

    private static boolean inForce(Jwt jwt, Instant now) {
        return (jwt.getExpiresAt() == null || now.isBefore(jwt.getExpiresAt()))
               && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }
}
