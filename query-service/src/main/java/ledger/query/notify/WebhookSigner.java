package ledger.query.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Signs a delivery as Stripe does: HMAC-SHA256, keyed with the subscription's secret (its text as
 * given out, UTF-8), over {@code "<unix seconds>.<body>"}; the header names both, so a receiver
 * can refuse an old timestamp (a replay) and recompute the MAC with {@code openssl dgst -hmac}.
 */
public final class WebhookSigner {

    public static final String HEADER = "Ledger-Signature";

    private WebhookSigner() {
    }

    /** The lower-case hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String mac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The value of the {@value #HEADER} header: {@code t=<unix seconds>,v1=<hex>}. */
    public static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + mac(secret, timestamp, body);
    }
}
