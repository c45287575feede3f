package ledger.query.audit.api;

import ledger.query.commons.InvalidQueryException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.query.audit.EventStoreAudit;
import ledger.query.audit.ChainVerifications;
import ledger.query.audit.EventStoreAudit.Digest;
import ledger.query.audit.EventStoreAudit.Page;
import ledger.query.audit.EventStoreAudit.Verification;
import ledger.messages.eventstore.ChainWalk;
import ledger.query.audit.seal.Seal;
import ledger.query.audit.seal.Seals;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The auditor's endpoints. They read the event store itself, not the views, and stream: they
 * answer over HTTP only (not through the query bus), so that the whole ledger can be read in
 * constant memory.
 */
@Tag(name = "Audit",
     description = "The event store as stored, chain verification, digests and seals "
                   + "(docs/AUDIT.md).")
@RestController
@RequestMapping(path = "/api/v1/audit")
public class AuditController {

    public static final String NDJSON = "application/x-ndjson";
    static final int MAX_PAGE = 10_000;

    private final EventStoreAudit audit;
    private final Seals seals;
    private final ObjectMapper json;
    private final ChainVerifications verifications;

    public AuditController(EventStoreAudit audit, Seals seals, ObjectMapper json, ChainVerifications verifications) {
        this.audit = audit;
        this.seals = seals;
        this.json = json;
        this.verifications = verifications;
    }

    /** A page of events in global order, exactly as stored; continue with {@code after=next}. */
    @Operation(operationId = "auditEvents", summary = "Every event of the ledger",
               description = "A page of events in global order, exactly as stored (with metadata and chain "
                             + "hash), up to the settled position; continue with `after=next`. With `Accept: "
                             + "application/x-ndjson`, every event after `after`, one JSON object a line, in "
                             + "constant memory.")
    @GetMapping(path = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public Page events(@RequestParam(required = false) String after, @RequestParam(required = false) String limit) {
        return audit.page(number("after", after, 0, 0, Long.MAX_VALUE),
                          (int) number("limit", limit, 1000, 1, MAX_PAGE));
    }

    /** Every event after {@code after}, one JSON object a line, in constant memory. */
    @Operation(operationId = "auditEvents", summary = "Every event of the ledger",
               description = "A page of events in global order, exactly as stored (with metadata and chain "
                             + "hash), up to the settled position; continue with `after=next`. With `Accept: "
                             + "application/x-ndjson`, every event after `after`, one JSON object a line, in "
                             + "constant memory.")
    @GetMapping(path = "/events", produces = NDJSON)
    public ResponseEntity<StreamingResponseBody> allEvents(@RequestParam(required = false) String after) {
        long from = number("after", after, 0, 0, Long.MAX_VALUE);
        StreamingResponseBody body = out -> audit.stream(from, event -> {
            try {
                json.writeValue(new NonClosing(out), audit.toAuditEvent(event));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(body);
    }

    /**
     * The whole ledger's check: every chain, and every seal (signature, sequence, outside copy, and
     * the newest seal's digest recomputed). With {@code measureId}, that measure's chain only.
     */
    public record LedgerVerification(boolean intact, long eventsChecked, long aggregatesChecked,
                                     ChainWalk.BrokenEvent firstBroken, Seals.SealCheck seals) {
    }

    @Operation(operationId = "verifyChains", summary = "Verify the hash chains",
               description = "Recomputes every measure's hash chain from the store (or one measure's, with "
                             + "`measureId`) and, for the whole ledger, checks every seal; names the first "
                             + "broken event.")
    @GetMapping(path = "/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    public LedgerVerification verify(@RequestParam(required = false) String measureId) {
        if (measureId != null && measureId.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidQueryException("measureId", "must not contain control characters");
        }
        boolean whole = measureId == null || measureId.isBlank();
        Verification chains = audit.verify(whole ? null : measureId);
        Seals.SealCheck sealCheck = whole ? seals.check() : null;
        boolean intact = chains.intact() && (sealCheck == null || sealCheck.intact());
        verifications.record(whole ? "ledger" : "measure", intact);
        return new LedgerVerification(intact, chains.eventsChecked(), chains.aggregatesChecked(), chains.firstBroken(),
                                      sealCheck);
    }

    /** Every seal, oldest first (docs/AUDIT.md, Seals). */
    @Operation(operationId = "listSeals", summary = "List the seals",
               description = "Every seal of the ledger's digest, oldest first (docs/AUDIT.md, Seals).")
    @GetMapping(path = "/seals", produces = MediaType.APPLICATION_JSON_VALUE)
    public java.util.List<Seal> seals() {
        return seals.list();
    }

    /** Seals the digest at the settled position now, besides the interval's seals. */
    @Operation(operationId = "sealNow", summary = "Seal the digest now",
               description = "Signs the ledger's digest at the settled position now, besides the interval's "
                             + "seals. A node without a sealing key answers 503.")
    @ApiResponse(responseCode = "201", description = "The new seal.")
    @PostMapping(path = "/seals", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Seal> sealNow() {
        if (!seals.canSeal()) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "this node holds no sealing key");
        }
        return ResponseEntity.status(201).body(seals.seal());
    }

    /** The ledger's digest now (at the high-water mark), or recomputed at an earlier position. */
    @Operation(operationId = "digest", summary = "The ledger's digest",
               description = "SHA-256 over every measure's last sequence and recomputed chain hash, at the "
                             + "high-water mark or recomputed at an earlier `position`.")
    @GetMapping(path = "/digest", produces = MediaType.APPLICATION_JSON_VALUE)
    public Digest digest(@RequestParam(required = false) String position) {
        return audit.digest(position == null ? null : number("position", position, 0, 1, Long.MAX_VALUE));
    }

    public record DigestCheck(boolean matches, String expected, Digest recomputed) {
    }

    /** Whether the history up to a noted digest's position still gives that digest. */
    @Operation(operationId = "verifyDigest", summary = "Check a noted digest",
               description = "Whether the history up to a noted digest's position still gives that digest.")
    @GetMapping(path = "/digest/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    public DigestCheck verifyDigest(@RequestParam String position, @RequestParam String digest) {
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new InvalidQueryException("digest", "must be 64 lower-case hex digits");
        }
        Digest recomputed = audit.digest(number("position", position, 0, 1, Long.MAX_VALUE));
        boolean matches = recomputed.digest().equals(digest);
        verifications.record("digest", matches);
        return new DigestCheck(matches, digest, recomputed);
    }

    private static long number(String parameter, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number < min || number > max) {
                throw new InvalidQueryException(parameter, "must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(parameter, "must be a whole number");
        }
    }

    /** Jackson closes the stream it writes to; the response must stay open for the next line. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
