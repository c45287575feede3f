package ledger.query.audit.seal;

import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.Sha256;

/**
 * One sealed digest: the ledger's digest at a settled position, signed. {@link #signedText()} is
 * exactly what the signature covers (docs/AUDIT.md, Seals); {@code previous} is the SHA-256 of the
 * previous seal's signature (64 zeros for the first), so the seals form a chain of their own.
 */
public record Seal(long seq, long position, String digest, long events, long aggregates, String sealedAt,
                   String keyId, String previous, String signature) {

    public static final String FIRST_PREVIOUS = EventChain.GENESIS;

    public String signedText() {
        return signedText(seq, position, digest, events, aggregates, sealedAt, keyId, previous);
    }

    static String signedText(long seq, long position, String digest, long events, long aggregates, String sealedAt,
                             String keyId, String previous) {
        return "ledger-seal/1\n" + seq + "\n" + position + "\n" + digest + "\n" + events + "\n" + aggregates + "\n"
               + sealedAt + "\n" + keyId + "\n" + previous + "\n";
    }

    /** What the next seal names as its previous. */
    public String link() {
        return Sha256.hex(signature);
    }
}
