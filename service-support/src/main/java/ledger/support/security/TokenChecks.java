package ledger.support.security;

import ledger.support.security.revocation.RevocationCheck;
import ledger.support.security.revocation.RevokedTokens;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a token must be beyond well signed and unexpired: for this ledger (audience), from the
 * expected issuer, signed by a key the identity provider still publishes, and not revoked.
 * Spring Boot adds the validator beans here to whichever decoder it builds (public key, JWK set
 * URI or issuer URI); the decoder itself is wrapped in {@link RememberedTokens} and
 * {@link RevocationCheck}.
 */
@Configuration(proxyBeanMethods = false)
public class TokenChecks {

    /** What {@code ./ledger token} puts in {@code iss} and {@code aud}, and what is expected unless configured. */
    public static final String DEFAULT_ISSUER = "ledger-local";
    public static final String DEFAULT_AUDIENCE = "ledger";

    /**
     * Whatever decoder verifies the tokens (local key or identity provider), verified tokens are
     * remembered (until the key set changes, at most {@code ledger.jwt.remember-for}), and a revoked
     * one is refused at every request.
     */
    @Bean
    public static BeanPostProcessor rememberVerifiedTokens(ObjectProvider<KeySetChanges> keySetChanges,
                                                           ObjectProvider<RevokedTokens> revokedTokens,
                                                           @Value("${ledger.jwt.remember-for:60s}") Duration rememberFor) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof JwtDecoder decoder) || bean instanceof RevocationCheck
                    || bean instanceof RememberedTokens) {
                    return bean;
                }
                KeySetChanges changes = keySetChanges.getObject();
                return new RevocationCheck(new RememberedTokens(decoder, Clock.systemUTC(), 10_000, rememberFor,
                                                                changes::version),
                                           revokedTokens.getObject());
            }
        };
    }

    /** The signing keys read from the identity provider, compared each time they are read. */
    @Bean
    public KeySetChanges keySetChanges() {
        return new KeySetChanges();
    }

    /**
     * With a JWK set URI or an issuer URI, the key set is kept for {@code ledger.jwt.key-set-refresh}
     * and every read of it is compared with the one before ({@link KeySetCache}).
     */
    @Bean
    public JwkSetUriJwtDecoderBuilderCustomizer watchedKeySet(
            KeySetChanges changes, @Value("${ledger.jwt.key-set-refresh:60s}") Duration refresh) {
        return builder -> builder.cache(new KeySetCache(changes, Clock.systemUTC(), refresh));
    }

    /**
     * The issuer is checked whatever verifies the tokens: with an issuer URI Spring checks it too;
     * with a public key or a JWK set URI only this does ({@code ledger.jwt.issuer}; when blank, the
     * issuer URI, else {@code ledger-local}, the issuer of {@code ./ledger token}).
     */
    @Bean
    public OAuth2TokenValidator<Jwt> issuerCheck(@Value("${ledger.jwt.issuer:}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuerUri) {
        return new JwtIssuerValidator(!issuer.isBlank() ? issuer.strip()
                                              : !issuerUri.isBlank() ? issuerUri.strip() : DEFAULT_ISSUER);
    }

    /**
     * A token must name one of {@code ledger.jwt.audiences} (comma-separated) in its {@code aud}: a
     * token the identity provider issued for another application is refused. A blank setting means
     * the default, {@code ledger}, never "no check".
     */
    @Bean
    public OAuth2TokenValidator<Jwt> audienceCheck(@Value("${ledger.jwt.audiences:}") List<String> audiences) {
        List<String> expected = audiences.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        List<String> accepted = expected.isEmpty() ? List.of(DEFAULT_AUDIENCE) : expected;
        return new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                                                   aud -> aud != null && aud.stream().anyMatch(accepted::contains));
    }

    /** The revoked tokens' ids, read again every {@code ledger.revocation.poll-interval}. */
    @Bean
    public RevokedTokens revokedTokens(JdbcTemplate jdbc,
                                       @Value("${ledger.revocation.poll-interval:2s}") Duration pollInterval) {
        return new RevokedTokens(jdbc, pollInterval);
    }
}
