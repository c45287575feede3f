package ledger.command.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The names and version of the export format (docs/EXPORT.md). */
final class ArchiveFormat {

    static final String FORMAT = "supervision-ledger-export";
    static final int VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String EVENTS = "events.ndjson";
    static final String IDEMPOTENCY_KEYS = "idempotency-keys.ndjson";
    static final String DEADLINES = "deadlines.ndjson";
    static final String SCHEMAS = "schemas";
    static final String DIGEST_ALGORITHM = "SHA-256 over \"<aggregateId> <sequence> <chain hash>\\n\" per aggregate";

    private ArchiveFormat() {
    }

    static String schemaFile(String payloadType, String revision) {
        return SCHEMAS + "/" + payloadType + ".v" + (revision == null ? "none" : revision) + ".schema.json";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts what goes through as well as hashing it. */
    static final class HashingOutput extends DigestOutputStream {
        HashingOutput(OutputStream out) {
            super(out, sha256());
        }

        String hex() {
            return java.util.HexFormat.of().formatHex(getMessageDigest().digest());
        }

        @Override
        public void close() throws IOException {
            flush();
            super.close();
        }
    }

    /** How far a long export or restore has come. */
    @FunctionalInterface
    interface Progress {
        void report(String phase, long done, long total);

        Progress NONE = (phase, done, total) -> {
        };
    }
}
