package ledger.support.security.revocation;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Refuses a revoked token (by its {@code jti}) at every request, remembered or not: the answer is
 * the 401 of any invalid token.
 */
public final class RevocationCheck implements JwtDecoder {

    private final JwtDecoder decoder;
    private final RevokedTokens revoked;

    public RevocationCheck(JwtDecoder decoder, RevokedTokens revoked) {
        this.decoder = decoder;
        this.revoked = revoked;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = decoder.decode(token);
        if (revoked.isRevoked(jwt.getId())) {
            throw new BadJwtException("the token was revoked");
        }
        return jwt;
    }
}
