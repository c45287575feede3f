package ledger.support.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header check answers exactly as Spring's own regular expressions do. */
class HeaderFirewallTest {

    // StrictHttpFirewall's patterns (spring-security-web 6.5) for header names and header values
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @ParameterizedTest
    @ValueSource(strings = {"", "Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJyb2xlIjoiVU5JVCJ9.c2lnbmF0dXJl",
            "application/json; charset=utf-8", "省政府办公厅", "a\tb", "a\nb", "a\rb", "\u0000", "\u007f", "\u0085",
            "\u0378", "\uD83D\uDE00", "\uD83D", "x\u200By", "\uFFFF"})
    void sameVerdictAsSpringsRegularExpressions(String text) {
        assertThat(StrictFirewall.assignedWithoutControls(text, false)).isEqualTo(NAMES.matcher(text).matches());
        assertThat(StrictFirewall.assignedWithoutControls(text, true)).isEqualTo(VALUES.matcher(text).matches());
    }
}
