package ledger.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RememberedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();

    /** Verifies "good-*" tokens (expiring an hour after NOW), refuses everything else. */
    private final JwtDecoder decoder = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                  .issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.plusSeconds(3600)).build();
    };

    private RememberedTokens at(Instant instant) {
        return new RememberedTokens(decoder, Clock.fixed(instant, ZoneOffset.UTC), 100);
    }

    @Test
    void aTokenIsVerifiedOnceWhileItIsInForce() {
        RememberedTokens tokens = at(NOW);
        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("good-1");
        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("good-1");
        assertThat(verifications).hasValue(1);
        tokens.decode("good-2");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        RememberedTokens tokens = at(NOW);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void anExpiredTokenGoesBackToTheDecoder() {
        JwtDecoder expiring = token -> {
            verifications.incrementAndGet();
            return Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                      .issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.plusSeconds(10)).build();
        };
        var clock = new java.util.concurrent.atomic.AtomicReference<>(NOW);
        RememberedTokens tokens = new RememberedTokens(expiring, new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.get();
            }
        }, 100);
        tokens.decode("t");
        tokens.decode("t");
        assertThat(verifications).hasValue(1);
        clock.set(NOW.plusSeconds(11));
        tokens.decode("t");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheMaximumAgeOrAChangeOfTheKeySet() {
        var clock = new java.util.concurrent.atomic.AtomicReference<>(NOW);
        var keySetVersion = new java.util.concurrent.atomic.AtomicLong();
        RememberedTokens tokens = new RememberedTokens(decoder, new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.get();
            }
        }, 100, java.time.Duration.ofSeconds(60), keySetVersion::get);
        tokens.decode("good-1");
        clock.set(NOW.plusSeconds(59));
        tokens.decode("good-1");
        assertThat(verifications).hasValue(1);
        clock.set(NOW.plusSeconds(61));
        tokens.decode("good-1");
        assertThat(verifications).hasValue(2);
        tokens.decode("good-1");
        assertThat(verifications).hasValue(2);
        keySetVersion.incrementAndGet();
        tokens.decode("good-1");
        assertThat(verifications).hasValue(3);
    }
}
