package ledger.launcher;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static final String LEAD_UNITS = Path.of("..", "seeds", "lead-units.json").toString();

    @Test
    void aUnitTokenNamesAUnitTheReferenceDataKnowsByItsNameOrAnAlias() throws Exception {
        assertThat(claims("--role", "UNIT", "--unit", "省府办公厅", "--lead-units", LEAD_UNITS).getStringClaim("unit"))
                .isEqualTo("省府办公厅");
        assertThatThrownBy(() -> claims("--role", "UNIT", "--unit", "省财政局", "--lead-units", LEAD_UNITS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no lead unit '省财政局' in " + LEAD_UNITS + ": use a canonical name or an alias from it");
        assertThatThrownBy(() -> claims("--role", "UNIT", "--lead-units", LEAD_UNITS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a UNIT token names its unit: --unit 省财政厅");
        assertThatThrownBy(() -> claims("--role", "READER", "--unit", "省财政厅"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--unit belongs to --role UNIT only; a READER token names no unit");
    }

    @Test
    void aBadOrMissingRoleListsTheChoicesInAFixedOrder() {
        for (String[] args : new String[][] {{"--role", "BOSS"}, {"--sub", "someone"}}) {
            assertThatThrownBy(() -> claims(args))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--role must be one of SUPERVISOR, UNIT, AUDITOR, ADMIN, READER");
        }
        assertThatThrownBy(() -> claims("--role", "READER", "--ttl", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--ttl 'soon' is not a duration: use for example 8h, 30m or 90s");
    }

    @Test
    void anotherAudienceCanBeAskedFor() throws Exception {
        assertThat(claims("--role", "READER", "--aud", "ledger-staging").getAudience()).containsExactly("ledger-staging");
    }
}
