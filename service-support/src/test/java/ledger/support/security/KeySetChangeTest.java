package ledger.support.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Security's JWK set decoder, its key set kept in a {@link KeySetCache}, behind
 * {@link RememberedTokens}, against an identity provider (a small HTTP server) whose keys change:
 * a key removed there ends the tokens it signed, remembered ones included, as soon as the new key
 * set is read.
 */
class KeySetChangeTest {

    private final RSAKey first = key("first");
    private final RSAKey second = key("second");
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(first.toPublicJWK()));
    private final AtomicInteger reads = new AtomicInteger();
    private HttpServer identityProvider;
    private String jwkSetUri;

    @BeforeEach
    void start() throws Exception {
        identityProvider = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        identityProvider.createContext("/jwks", exchange -> {
            reads.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        identityProvider.start();
        jwkSetUri = "http://localhost:" + identityProvider.getAddress().getPort() + "/jwks";
    }

    @AfterEach
    void stop() {
        identityProvider.stop(0);
    }

    private JwtDecoder decoder(KeySetChanges changes, Duration keySetRefresh) {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                                                  .cache(new KeySetCache(changes, Clock.systemUTC(), keySetRefresh))
                                                  .build();
        return new RememberedTokens(nimbus, Clock.systemUTC(), 100, Duration.ofHours(1), changes::version);
    }

    @Test
    void aKeyRemovedAtTheIdentityProviderEndsTheRememberedTokensItSigned() {
        KeySetChanges changes = new KeySetChanges();
        JwtDecoder decoder = decoder(changes, Duration.ofHours(1));
        String old = token(first);
        assertThat(decoder.decode(old).getSubject()).isEqualTo("clerk-7");
        assertThat(decoder.decode(old).getSubject()).isEqualTo("clerk-7");   // remembered
        int readsBefore = reads.get();

        // the provider rotates: the first key is withdrawn, tokens now come signed by the second
        published.set(new JWKSet(second.toPublicJWK()));
        assertThat(decoder.decode(token(second)).getSubject()).isEqualTo("clerk-7");   // an unknown key: read again
        assertThat(reads.get()).isGreaterThan(readsBefore);
        assertThat(changes.version()).isEqualTo(1);

        assertThatThrownBy(() -> decoder.decode(old)).isInstanceOf(JwtException.class);
    }

    @Test
    void theKeySetIsReadAgainAfterItsRefreshIntervalAndASameSetChangesNothing() {
        KeySetChanges changes = new KeySetChanges();
        JwtDecoder decoder = decoder(changes, Duration.ZERO);   // read again at every verification
        decoder.decode(token(first, "clerk-1"));
        decoder.decode(token(first, "clerk-2"));
        assertThat(reads.get()).isGreaterThanOrEqualTo(2);
        assertThat(changes.version()).isZero();
    }

    @Test
    void aKeyAddedBesideTheOldOnesAlsoCountsAsAChange() {
        KeySetChanges changes = new KeySetChanges();
        changes.read(new JWKSet(first.toPublicJWK()).toString());
        changes.read(new JWKSet(first.toPublicJWK()).toString());
        assertThat(changes.version()).isZero();
        changes.read(new JWKSet(java.util.List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
        assertThat(changes.version()).isEqualTo(1);
    }

    private static String token(RSAKey key) {
        return token(key, "clerk-7");
    }

    private static String token(RSAKey key, String subject) {
        try {
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                                          new JWTClaimsSet.Builder().subject(subject).issuer("idp")
                                                                    .issueTime(Date.from(now))
                                                                    .expirationTime(Date.from(now.plusSeconds(3600)))
                                                                    .build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey key(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
