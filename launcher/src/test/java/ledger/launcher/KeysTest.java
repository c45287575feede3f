package ledger.launcher;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./ledger token}: what the services check by default (issuer {@code ledger-local},
 * audience {@code ledger}) and an id of its own for each token, so that one can be revoked.
 */
class KeysTest {

    @TempDir
    Path keys;

    private JWTClaimsSet claims(String... args) throws Exception {
        Keys.generate(keys);
        String[] all = new String[args.length + 2];
        all[0] = "token";
        all[1] = keys.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return SignedJWT.parse(Keys.token(keys, all)).getJWTClaimsSet();
    }

    @Test
    void aTokenNamesTheIssuerAndAudienceTheServicesExpectAndHasAnIdOfItsOwn() throws Exception {
        JWTClaimsSet first = claims("--role", "UNIT", "--unit", "省财政厅", "--sub", "clerk-7");
        JWTClaimsSet second = claims("--role", "UNIT", "--unit", "省财政厅", "--sub", "clerk-7");

        assertThat(first.getIssuer()).isEqualTo("ledger-local");
        assertThat(first.getAudience()).containsExactly("ledger");
        assertThat(first.getSubject()).isEqualTo("clerk-7");
        assertThat(first.getJWTID()).isNotBlank().isNotEqualTo(second.getJWTID());
    }

    @Test
    void anotherAudienceCanBeAskedFor() throws Exception {
        assertThat(claims("--role", "READER", "--aud", "ledger-staging").getAudience()).containsExactly("ledger-staging");
    }
}
