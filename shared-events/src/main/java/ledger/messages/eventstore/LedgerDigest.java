package ledger.messages.eventstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The ledger digest (docs/AUDIT.md): SHA-256 over one line
 * {@code "<aggregateId> <last sequence> <chain hash>\n"} per aggregate, in aggregate-id byte order.
 * The audit, the seals, the export and the restore all build it here, so its format is written once.
 */
public final class LedgerDigest {

    /** How the digest is made, as the audit and the export's manifest state it. */
    public static final String ALGORITHM = "SHA-256 over \"<aggregateId> <sequence> <chain hash>\\n\" per aggregate";

    private final MessageDigest heads = Sha256.newDigest();

    /** The line an aggregate's head contributes. */
    public static String line(String aggregateId, long sequence, String chainHash) {
        return aggregateId + " " + sequence + " " + chainHash + "\n";
    }

    /** Adds the next aggregate's head (aggregates in id order). */
    public void addHead(String aggregateId, long sequence, String chainHash) {
        heads.update(line(aggregateId, sequence, chainHash).getBytes(StandardCharsets.UTF_8));
    }

    /** The digest over the heads added so far; more may be added after. */
    public String value() {
        try {
            return Sha256.hex((MessageDigest) heads.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
        }
    }
}
