package ledger.query.notify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature a receiver recomputes with openssl (docs/WEBHOOKS.md). */
class WebhookSignerTest {

    private static final byte[] BODY = "{\"eventId\":\"e-1\",\"type\":\"ProgressReported\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void isTheHmacSha256OfTimestampDotBodyAsOpensslComputesIt() {
        // printf '%s.%s' 1700000000 "$body" | openssl dgst -sha256 -hmac whsec_test
        assertThat(WebhookSigner.mac("whsec_test", 1700000000L, BODY))
                .isEqualTo("2ee5beb7e6e3de261a6e547dbea0831935bf3c8401db9a1042baba148eccd467");
        assertThat(WebhookSigner.header("whsec_test", 1700000000L, BODY))
                .isEqualTo("t=1700000000,v1=2ee5beb7e6e3de261a6e547dbea0831935bf3c8401db9a1042baba148eccd467");
    }

    @Test
    void changesWithTheSecretTheTimestampAndTheBody() {
        String signature = WebhookSigner.mac("whsec_test", 1700000000L, BODY);
        assertThat(WebhookSigner.mac("whsec_other", 1700000000L, BODY))
                .isEqualTo("481cafc22490d73f12a848bf1aa943a62012cfb884ea978fe48d7e72b03c4d66");
        assertThat(WebhookSigner.mac("whsec_test", 1700000001L, BODY)).isNotEqualTo(signature);
        byte[] changed = BODY.clone();
        changed[changed.length - 2] = 'X';
        assertThat(WebhookSigner.mac("whsec_test", 1700000000L, changed)).isNotEqualTo(signature);
    }

    @Test
    void secretsAreRandomAndLongEnough() {
        String one = Subscriptions.newSecret();
        assertThat(one).startsWith("whsec_").hasSize("whsec_".length() + 43).matches("whsec_[A-Za-z0-9_-]+");
        assertThat(Subscriptions.newSecret()).isNotEqualTo(one);
    }
}
