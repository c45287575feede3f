package ledger.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;

/** The reasons a 401 gives, from what Spring Security and the token checks say. */
class UnauthenticatedTest {

    @Test
    void eachRefusalHasItsReason() {
        assertThat(Unauthenticated.reason(new InsufficientAuthenticationException("Full authentication is required")))
                .isEqualTo("the request has no bearer token");
        assertThat(Unauthenticated.reason(new InvalidBearerTokenException(
                "An error occurred while attempting to decode the Jwt: the token was revoked")))
                .isEqualTo("the token was revoked");
        assertThat(Unauthenticated.reason(new InvalidBearerTokenException(
                "An error occurred while attempting to decode the Jwt: Jwt expired at 2026-12-07T08:00:00Z")))
                .isEqualTo("the token expired at 2026-12-07T08:00:00Z");
        assertThat(Unauthenticated.reason(new InvalidBearerTokenException("something else entirely")))
                .isEqualTo("the token was refused (invalid_token)");
    }
}
