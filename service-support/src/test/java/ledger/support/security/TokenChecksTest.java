package ledger.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The audience and issuer checks as configured: a blank setting falls back to a default, never to no check. */
class TokenChecksTest {

    private final TokenChecks checks = new TokenChecks();

    private static Jwt jwt(UnaryOperator<Jwt.Builder> claims) {
        return claims.apply(Jwt.withTokenValue("t").header("alg", "RS256").subject("clerk-7")
                               .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60))).build();
    }

    private static boolean accepts(OAuth2TokenValidator<Jwt> check, Jwt jwt) {
        return !check.validate(jwt).hasErrors();
    }

    @Test
    void theAudienceMustBeNamedAndABlankSettingMeansTheDefault() {
        OAuth2TokenValidator<Jwt> blank = checks.audienceCheck(List.of(" "));
        assertThat(accepts(blank, jwt(j -> j.audience(List.of("ledger"))))).isTrue();
        assertThat(accepts(blank, jwt(j -> j.audience(List.of("payroll"))))).isFalse();
        assertThat(accepts(blank, jwt(j -> j))).isFalse();

        OAuth2TokenValidator<Jwt> several = checks.audienceCheck(List.of("ledger-prod", " ledger-staging "));
        assertThat(accepts(several, jwt(j -> j.audience(List.of("crm", "ledger-staging"))))).isTrue();
        assertThat(accepts(several, jwt(j -> j.audience(List.of("ledger"))))).isFalse();
    }

    @Test
    void theIssuerIsTheSettingElseTheIssuerUriElseTheLocalOne() {
        assertThat(accepts(checks.issuerCheck("", ""), jwt(j -> j.issuer("ledger-local")))).isTrue();
        assertThat(accepts(checks.issuerCheck("", ""), jwt(j -> j.issuer("another-idp")))).isFalse();
        assertThat(accepts(checks.issuerCheck("", ""), jwt(j -> j))).isFalse();
        assertThat(accepts(checks.issuerCheck("", "https://idp.example/realms/gd"),
                           jwt(j -> j.issuer("https://idp.example/realms/gd")))).isTrue();
        assertThat(accepts(checks.issuerCheck("corp-idp", "https://idp.example/realms/gd"),
                           jwt(j -> j.issuer("corp-idp")))).isTrue();
    }
}
