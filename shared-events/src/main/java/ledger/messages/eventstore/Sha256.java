package ledger.messages.eventstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one hash of the ledger: the chain, the ledger digest, the export's files, the seals,
 * the imported texts and the commands' fingerprints. Hex is lower case, as {@code sha256sum} writes it.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh digest to feed (every JVM has SHA-256: its absence is a broken runtime). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash of a text's UTF-8 bytes, in hex. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Completes a digest (which is reset) and gives its hash in hex. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
