package ledger.query.audit.seal;

import ledger.query.audit.EventStoreAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes, lists and checks the seals (docs/AUDIT.md, Seals). A seal is made in one transaction that
 * holds an advisory lock, inserts the row and appends the outside copy before it commits; a check
 * reads both under the same lock (shared), so it never sees a seal half made. Several query-service
 * nodes may seal: the lock orders them.
 */
public class Seals {

    /** The advisory lock of the seals (any number no other lock of the ledger uses). */
    private static final long LOCK = 17_001_700L;
    private static final Logger log = LoggerFactory.getLogger(Seals.class);
    private static final int MAX_REPORTED = 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventStoreAudit audit;
    private final SealingKey key;
    private final SealFile file;
    private final Clock clock;

    public Seals(JdbcTemplate jdbc, TransactionTemplate transactions, EventStoreAudit audit, SealingKey key,
                 SealFile file, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.key = key;
        this.file = file;
        this.clock = clock;
    }

    public boolean canSeal() {
        return key != null && key.canSign();
    }

    /** Seals the digest at the settled position now. */
    public Seal seal() {
        if (!canSeal()) {
            throw new IllegalStateException("no sealing key is configured (ledger.seals.private-key)");
        }
        EventStoreAudit.Digest digest = audit.digest(null);
        Seal seal = transactions.execute(tx -> {
            jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> null, LOCK);
            Optional<Seal> last = last();
            long seq = last.map(s -> s.seq() + 1).orElse(1L);
            String previous = last.map(Seal::link).orElse(Seal.FIRST_PREVIOUS);
            String sealedAt = clock.instant().truncatedTo(ChronoUnit.MICROS).toString();
            String signed = Seal.signedText(seq, digest.position(), digest.digest(), digest.events(),
                                            digest.aggregates(), sealedAt, key.keyId(), previous);
            Seal made = new Seal(seq, digest.position(), digest.digest(), digest.events(), digest.aggregates(),
                                 sealedAt, key.keyId(), previous, key.sign(signed));
            jdbc.update("INSERT INTO query_view.audit_seal (seq, position, digest, events, aggregates, sealed_at,"
                        + " key_id, previous, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        made.seq(), made.position(), made.digest(), made.events(), made.aggregates(),
                        made.sealedAt(), made.keyId(), made.previous(), made.signature());
            // before the commit: a seal in the database is always in the outside copy as well
            if (file != null) {
                file.append(made);
            }
            return made;
        });
        log.info("sealed: seal {} at position {}, digest {}", seal.seq(), seal.position(), seal.digest());
        return seal;
    }

    public List<Seal> list() {
        return jdbc.query("SELECT * FROM query_view.audit_seal ORDER BY seq", (rs, n) -> new Seal(
                rs.getLong("seq"), rs.getLong("position"), rs.getString("digest"), rs.getLong("events"),
                rs.getLong("aggregates"), rs.getString("sealed_at"), rs.getString("key_id"), rs.getString("previous"),
                rs.getString("signature")));
    }

    private Optional<Seal> last() {
        List<Seal> all = jdbc.query("SELECT * FROM query_view.audit_seal ORDER BY seq DESC LIMIT 1", (rs, n) -> new Seal(
                rs.getLong("seq"), rs.getLong("position"), rs.getString("digest"), rs.getLong("events"),
                rs.getLong("aggregates"), rs.getString("sealed_at"), rs.getString("key_id"), rs.getString("previous"),
                rs.getString("signature")));
        return all.stream().findFirst();
    }

    /** What the check of the seals found: {@code intact} when there are no problems. */
    public record SealCheck(boolean intact, int sealsChecked, Long latestSealedPosition, String outsideCopy,
                            List<String> problems) {
    }

    public SealCheck check() {
        record Read(List<Seal> table, List<Seal> outside) {
        }
        Read read = transactions.execute(tx -> {
            jdbc.query("SELECT pg_advisory_xact_lock_shared(?)", rs -> null, LOCK);
            return new Read(list(), file == null ? null : file.read());
        });
        List<String> problems = new ArrayList<>();
        if (key == null) {
            return new SealCheck(read.table().isEmpty(), read.table().size(), null, null,
                                 read.table().isEmpty() ? List.of()
                                                        : List.of("no sealing key is configured: the seals cannot be checked"));
        }
        List<Seal> signed = new ArrayList<>();
        Seal before = null;
        for (Seal seal : read.table()) {
            if (seal.keyId().equals(key.keyId()) && key.verifies(seal.signedText(), seal.signature())) {
                signed.add(seal);
            } else {
                problems.add("seal " + seal.seq() + " (position " + seal.position() + "): its signature does not verify"
                             + " with the sealing key " + key.keyId() + ": the seal was forged or altered");
            }
            long expected = before == null ? 1 : before.seq() + 1;
            String expectedPrevious = before == null ? Seal.FIRST_PREVIOUS : before.link();
            if (seal.seq() != expected) {
                problems.add("seal " + seal.seq() + " follows seal " + (expected - 1) + ": seals " + expected + " to "
                             + (seal.seq() - 1) + " were removed");
            } else if (!seal.previous().equals(expectedPrevious)) {
                problems.add("seal " + seal.seq() + " does not name seal " + (expected - 1) + " as its previous:"
                             + " a seal was replaced");
            }
            before = seal;
        }
        if (read.outside() != null) {
            compareWithOutsideCopy(read.table(), read.outside(), problems);
        }
        // every good seal's digest, recomputed from the events as they are now
        Map<Long, String> digests = audit.digests(signed.stream().mapToLong(Seal::position).distinct().sorted().toArray());
        int mismatches = 0;
        for (Seal seal : signed) {
            String now = digests.get(seal.position());
            if (!seal.digest().equals(now) && mismatches++ < MAX_REPORTED) {
                problems.add("the history up to position " + seal.position() + " no longer gives the digest of seal "
                             + seal.seq() + " (sealed " + seal.sealedAt() + "): events at or below it were removed or"
                             + " altered (the last events of a measure, or a whole measure, included); now " + now
                             + ", sealed " + seal.digest());
            }
        }
        if (mismatches > MAX_REPORTED) {
            problems.add((mismatches - MAX_REPORTED) + " more seals no longer match the history");
        }
        Seal latestValid = signed.isEmpty() ? null : signed.get(signed.size() - 1);
        return new SealCheck(problems.isEmpty(), read.table().size(),
                             latestValid == null ? null : latestValid.position(),
                             file == null ? null : file.path().toString(), problems);
    }

    private void compareWithOutsideCopy(List<Seal> table, List<Seal> outside, List<String> problems) {
        Map<Long, Seal> copies = new HashMap<>();
        outside.forEach(seal -> copies.put(seal.seq(), seal));
        for (Seal seal : table) {
            Seal copy = copies.remove(seal.seq());
            if (copy == null) {
                problems.add("seal " + seal.seq() + " is not in the copy outside the database (" + file.path() + ")");
            } else if (!copy.equals(seal)) {
                problems.add("seal " + seal.seq() + " differs from its copy outside the database (" + file.path()
                             + "): the copy says position " + copy.position() + ", digest " + copy.digest());
            }
        }
        copies.keySet().stream().sorted().forEach(seq -> problems.add(
                "seal " + seq + " of the copy outside the database is missing from the database: it was deleted"));
    }
}
