package ledger.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Tokens for tests, signed like the ledger's: RS256 JWTs with {@code sub}, {@code role} and
 * {@code unit}. The services under test trust {@link #publicKeyLocation()}; another key pair
 * signs the tokens they must refuse.
 */
public final class TestTokens {

    /** The issuer and audience the services expect by default (those of {@code ./ledger token}). */
    public static final String ISSUER = "ledger-local";
    public static final String AUDIENCE = "ledger";

    private static final KeyPair TRUSTED = keyPair();
    private static final KeyPair STRANGER = keyPair();
    private static String publicKeyLocation;

    private TestTokens() {
    }

    /** For {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public static synchronized String publicKeyLocation() {
        if (publicKeyLocation == null) {
            try {
                Path file = Files.createTempFile("ledger-test-jwt", ".pem");
                file.toFile().deleteOnExit();
                Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                                        + Base64.getMimeEncoder().encodeToString(TRUSTED.getPublic().getEncoded())
                                        + "\n-----END PUBLIC KEY-----\n");
                publicKeyLocation = "file:" + file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKeyLocation;
    }

    public static String token(String subject, String role, String unit) {
        return sign(TRUSTED.getPrivate(), subject, role, unit, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String expired(String subject, String role) {
        return sign(TRUSTED.getPrivate(), subject, role, null, Instant.now().minus(Duration.ofMinutes(5)));
    }

    public static String signedByAnotherKey(String subject, String role) {
        return sign(STRANGER.getPrivate(), subject, role, null, Instant.now().plus(Duration.ofHours(1)));
    }

    /** A valid token's claims for the role, changed as the test says (another issuer, no audience…). */
    public static String tokenWith(String subject, String role, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(TRUSTED.getPrivate(), change.apply(claims(subject, role, null, Instant.now().plus(Duration.ofHours(1)))));
    }

    private static String sign(PrivateKey key, String subject, String role, String unit, Instant expires) {
        return sign(key, claims(subject, role, unit, expires));
    }

    private static JWTClaimsSet.Builder claims(String subject, String role, String unit, Instant expires) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(subject).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(expires.minus(Duration.ofHours(2)))).expirationTime(Date.from(expires))
                .claim("role", role);
        if (unit != null) {
            claims.claim("unit", unit);
        }
        return claims;
    }

    private static String sign(PrivateKey key, JWTClaimsSet.Builder claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
