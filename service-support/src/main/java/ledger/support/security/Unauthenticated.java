package ledger.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ledger.support.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 401: why the token was refused (none, malformed, badly signed, expired and when, for another
 * audience or issuer, revoked) and how to get one, as problem+json. Spring's
 * {@link BearerTokenAuthenticationEntryPoint} sets the status and {@code WWW-Authenticate} (with
 * RFC 6750's {@code error} and {@code error_description}); this adds the body. Nothing of the
 * token itself is echoed.
 */
final class Unauthenticated implements AuthenticationEntryPoint {

    private static final Pattern EXPIRED_AT = Pattern.compile("expired at (\\S+)");

    private final BearerTokenAuthenticationEntryPoint header = new BearerTokenAuthenticationEntryPoint();
    private final ObjectMapper json;
    private final String howToGetOne;

    /** @param issuerUri the identity provider's, when one issues the tokens; blank for the local key */
    Unauthenticated(ObjectMapper json, String issuerUri) {
        this.json = json;
        this.howToGetOne = issuerUri == null || issuerUri.isBlank()
                ? "get one with `./ledger token --role READER` (or SUPERVISOR, UNIT --unit NAME, AUDITOR, ADMIN) on the"
                  + " ledger's host"
                : "get one from the identity provider " + issuerUri.strip();
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        header.commence(request, response, e);
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid token is required",
                                            reason(e) + ": " + howToGetOne + ", and send it as `Authorization: Bearer"
                                            + " <token>`");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** Why, from what Spring Security and the token checks ({@link TokenChecks}) said. */
    static String reason(AuthenticationException e) {
        if (!(e instanceof OAuth2AuthenticationException oauth)) {
            return "the request has no bearer token";
        }
        String said = oauth.getError().getDescription() != null ? oauth.getError().getDescription()
                      : String.valueOf(e.getMessage());
        String text = said.toLowerCase(Locale.ROOT);
        Matcher expired = EXPIRED_AT.matcher(said);
        if (expired.find()) {
            return "the token expired at " + expired.group(1);
        }
        if (text.contains("revoked")) {
            return "the token was revoked";
        }
        if (text.contains("aud claim")) {
            return "the token is for another audience (its `aud` does not name this ledger)";
        }
        if (text.contains("iss claim")) {
            return "the token is from another issuer (its `iss` is not the ledger's identity provider)";
        }
        if (text.contains("not before") || text.contains("used before")) {
            return "the token is not valid yet (`nbf`)";
        }
        if (text.contains("signature") || text.contains("signed jwt rejected") || text.contains("no matching key")
            || text.contains("another algorithm")) {
            return "the token is not signed by a key the ledger trusts";
        }
        if (text.contains("malformed") || text.contains("invalid jwt serialization") || text.contains("invalid json")
            || text.contains("unexpected number of base64")) {
            return "the token is malformed (not a signed JWT)";
        }
        return "the token was refused (" + oauth.getError().getErrorCode() + ")";
    }
}
