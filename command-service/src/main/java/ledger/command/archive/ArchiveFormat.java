package ledger.command.archive;

import ledger.messages.eventstore.Sha256;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;

/** The names and version of the export format (docs/EXPORT.md). */
public final class ArchiveFormat {

    static final String FORMAT = "supervision-ledger-export";
    static final int VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String EVENTS = "events.ndjson";
    static final String IDEMPOTENCY_KEYS = "idempotency-keys.ndjson";
    static final String DEADLINES = "deadlines.ndjson";
    static final String SCHEMAS = "schemas";

    private ArchiveFormat() {
    }

    static String schemaFile(String payloadType, String revision) {
        return SCHEMAS + "/" + payloadType + ".v" + (revision == null ? "none" : revision) + ".schema.json";
    }

    /** Counts what goes through as well as hashing it. */
    static final class HashingOutput extends DigestOutputStream {
        HashingOutput(OutputStream out) {
            super(out, Sha256.newDigest());
        }

        String hex() {
            return Sha256.hex(getMessageDigest());
        }

        @Override
        public void close() throws IOException {
            flush();
            super.close();
        }
    }

    /** How far a long export or restore has come. */
    @FunctionalInterface
    public interface Progress {
        void report(String phase, long done, long total);

        Progress NONE = (phase, done, total) -> {
        };
    }
}
