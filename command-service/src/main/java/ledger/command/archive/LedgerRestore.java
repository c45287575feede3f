package ledger.command.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.messages.eventstore.ChainWalk;
import ledger.messages.eventstore.Sha256;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Loads an export (docs/EXPORT.md) into an empty event store, in one transaction: the events with
 * their positions, ids and stored bytes, the idempotency keys, the pending deadlines, and the
 * position sequence moved past the last position. Before it commits it recomputes every chain and
 * the digest from what it wrote and compares them, the counts and the files' hashes with the
 * manifest; anything that does not match rolls the whole restore back and names the line.
 * Lines are read and written in batches: memory stays constant however long the ledger.
 */
public class LedgerRestore {

    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final String timeout;

    public LedgerRestore(DataSource dataSource, ObjectMapper json, Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
        this.timeout = timeout.toMillis() + "ms";
    }

    /** What was restored. */
    public record Restored(long events, long lastPosition, String digest, long idempotencyKeys, long deadlines) {
    }

    public Restored restore(Path directory, ArchiveFormat.Progress progress) {
        JsonNode manifest = manifest(directory);
        return transaction.execute(tx -> {
            jdbc.execute("SET LOCAL statement_timeout = '" + timeout + "'");
            jdbc.execute("SET LOCAL idle_in_transaction_session_timeout = '" + timeout + "'");
            // no command may append while the store is checked empty and filled
            jdbc.execute("LOCK TABLE event_store.domain_event_entry, event_store.idempotency_key,"
                         + " event_store.scheduled_tasks IN EXCLUSIVE MODE");
            refuseUnlessEmpty();
            EventsRead read = restoreEvents(directory, manifest, progress);
            String digest = checkChains(manifest, read.events());
            // the chains name a changed or missing line; what they do not cover (positions, layout)
            // the file's hash does
            long total = manifest.path("events").path("count").asLong();
            if (read.events() != total) {
                throw damaged(ArchiveFormat.EVENTS + ": " + read.events() + " events, the manifest says " + total
                              + ": lines are missing or were added");
            }
            if (read.fileMismatch() != null) {
                throw read.fileMismatch();
            }
            long events = read.events();
            long keys = restoreIdempotencyKeys(directory, manifest);
            long deadlines = restoreDeadlines(directory, manifest);
            long last = manifest.path("events").path("lastPosition").asLong();
            if (last > 0) {
                jdbc.queryForObject("SELECT setval('event_store.domain_event_entry_global_index_seq', ?)",
                                    Long.class, last);
            }
            progress.report("restored", events, events);
            return new Restored(events, last, digest, keys, deadlines);
        });
    }

    private JsonNode manifest(Path directory) {
        JsonNode manifest;
        try {
            manifest = json.readTree(directory.resolve(ArchiveFormat.MANIFEST).toFile());
        } catch (IOException e) {
            throw damaged(ArchiveFormat.MANIFEST + ": " + (e instanceof NoSuchFileException || !Files.exists(
                    directory.resolve(ArchiveFormat.MANIFEST)) ? "missing (an export without it is unfinished)"
                                                                : "not JSON: " + e.getMessage()));
        }
        if (manifest == null || !ArchiveFormat.FORMAT.equals(manifest.path("format").asText())) {
            throw damaged(ArchiveFormat.MANIFEST + ": not a " + ArchiveFormat.FORMAT + " manifest");
        }
        if (manifest.path("formatVersion").asInt() != ArchiveFormat.VERSION) {
            throw damaged(ArchiveFormat.MANIFEST + ": format version " + manifest.path("formatVersion")
                          + " is not supported (this ledger reads version " + ArchiveFormat.VERSION + ")");
        }
        for (String field : List.of("count", "lastPosition")) {
            if (!manifest.path("events").path(field).canConvertToLong()) {
                throw damaged(ArchiveFormat.MANIFEST + ": events." + field + " is missing");
            }
        }
        if (!manifest.path("digest").path("value").asText().matches("[0-9a-f]{64}")) {
            throw damaged(ArchiveFormat.MANIFEST + ": digest.value is missing");
        }
        return manifest;
    }

    private void refuseUnlessEmpty() {
        Long events = jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
        Long keys = jdbc.queryForObject("SELECT count(*) FROM event_store.idempotency_key", Long.class);
        Long tasks = jdbc.queryForObject("SELECT count(*) FROM event_store.scheduled_tasks", Long.class);
        if (events + keys + tasks > 0) {
            throw new ArchiveException(ArchiveException.Kind.STORE_NOT_EMPTY,
                                       "the event store is not empty (" + events + " events, " + keys
                                       + " idempotency keys, " + tasks + " deadlines): a restore goes only into an"
                                       + " empty store; nothing was written");
        }
    }

    /** A line's reader: the file's SHA-256 and line count come out as it is read. */
    private final class Lines implements AutoCloseable {
        final String file;
        final DigestInputStream hashing;
        final BufferedReader reader;
        long number;

        Lines(Path directory, String file) {
            this.file = file;
            try {
                this.hashing = new DigestInputStream(Files.newInputStream(directory.resolve(file)),
                                                     Sha256.newDigest());
            } catch (IOException e) {
                throw damaged(file + ": missing or unreadable (" + e.getMessage() + ")");
            }
            this.reader = new BufferedReader(new InputStreamReader(hashing, StandardCharsets.UTF_8));
        }

        JsonNode next() {
            try {
                String line = reader.readLine();
                if (line == null) {
                    return null;
                }
                number++;
                JsonNode node = json.readTree(line);
                if (node == null || !node.isObject()) {
                    throw error("not a JSON object");
                }
                return node;
            } catch (IOException e) {
                throw error("not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }

        ArchiveException error(String problem) {
            return damaged(file + " line " + number + ": " + problem);
        }

        /** After the last line: the file's hash and line count against the manifest's. */
        void checkAgainst(JsonNode manifest) {
            ArchiveException mismatch = mismatch(manifest);
            if (mismatch != null) {
                throw mismatch;
            }
        }

        ArchiveException mismatch(JsonNode manifest) {
            JsonNode entry = manifest.path("files").path(file);
            String sha256 = Sha256.hex(hashing.getMessageDigest());
            if (!entry.path("sha256").asText().equals(sha256)) {
                return damaged(file + ": its SHA-256 is " + sha256 + ", the manifest says "
                               + entry.path("sha256").asText() + ": the file was changed after the export");
            }
            if (entry.path("lines").asLong(-1) != number) {
                return damaged(file + ": " + number + " lines, the manifest says " + entry.path("lines"));
            }
            return null;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record EventsRead(long events, ArchiveException fileMismatch) {
    }

    private EventsRead restoreEvents(Path directory, JsonNode manifest, ArchiveFormat.Progress progress) {
        long total = manifest.path("events").path("count").asLong();
        long lastPosition = manifest.path("events").path("lastPosition").asLong();
        List<Object[]> batch = new ArrayList<>(BATCH);
        long previous = 0;
        try (Lines lines = new Lines(directory, ArchiveFormat.EVENTS)) {
            for (JsonNode line = lines.next(); line != null; line = lines.next()) {
                long position = number(lines, line, "position");
                if (position <= previous) {
                    throw lines.error("position " + position + " does not follow " + previous
                                      + ": events are in increasing position order");
                }
                if (position > lastPosition) {
                    throw lines.error("position " + position + " is beyond the manifest's last position "
                                      + lastPosition);
                }
                previous = position;
                long sequence = number(lines, line, "sequence");
                JsonNode payload = line.get("payload");
                JsonNode metadata = line.get("metadata");
                if (payload == null || payload.isNull() || metadata == null || !metadata.isObject()) {
                    throw lines.error("payload and metadata must be JSON (metadata an object)");
                }
                JsonNode revision = line.get("revision");
                batch.add(new Object[]{position, text(lines, line, "aggregateType"), text(lines, line, "aggregateId"),
                        sequence, text(lines, line, "eventId"), bytes(metadata), bytes(payload),
                        revision == null || revision.isNull() ? null : revision.asText(),
                        text(lines, line, "payloadType"), text(lines, line, "timestamp")});
                if (batch.size() == BATCH) {
                    insertEvents(batch);
                    progress.report("events", lines.number, total);
                }
            }
            insertEvents(batch);
            progress.report("events", lines.number, total);
            return new EventsRead(lines.number, lines.mismatch(manifest));
        }
    }

    private void insertEvents(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO event_store.domain_event_entry (global_index, type, aggregate_identifier,
                        sequence_number, event_identifier, meta_data, payload, payload_revision, payload_type,
                        time_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch);
            batch.clear();
        }
    }

    /** Every chain and the digest, recomputed from the rows just written; the first break names its line. */
    private String checkChains(JsonNode manifest, long events) {
        long lastPosition = manifest.path("events").path("lastPosition").asLong();
        ChainWalk walk = new ChainWalk();
        jdbc.query("SELECT " + EventRows.COLUMNS + " FROM event_store.domain_event_entry"
                   + " ORDER BY aggregate_identifier COLLATE \"C\", sequence_number",
                   (RowCallbackHandler) rs -> walk.accept(rs.getLong("global_index"), EventRows.stored(rs)));
        ChainWalk.BrokenEvent broken = walk.firstBroken();
        if (broken != null) {
            // lines are in position order, so a position's line is its rank
            Long line = jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE global_index <= ?",
                                            Long.class, broken.position());
            throw damaged(ArchiveFormat.EVENTS + " line " + line + " (" + broken.aggregateId() + ", sequence "
                          + broken.sequence() + ", event " + broken.eventId() + "): " + broken.problem());
        }
        String expected = manifest.path("digest").path("value").asText();
        if (!walk.digest().equals(expected) || manifest.path("digest").path("position").asLong() != lastPosition) {
            throw damaged(ArchiveFormat.EVENTS + ": the digest of its " + events + " events is " + walk.digest()
                          + ", the manifest says " + expected + " at position "
                          + manifest.path("digest").path("position") + ": the last events of an aggregate, or a"
                          + " whole aggregate, are missing, or the manifest was changed");
        }
        return walk.digest();
    }

    private long restoreIdempotencyKeys(Path directory, JsonNode manifest) {
        List<Object[]> batch = new ArrayList<>(BATCH);
        try (Lines lines = new Lines(directory, ArchiveFormat.IDEMPOTENCY_KEYS)) {
            for (JsonNode line = lines.next(); line != null; line = lines.next()) {
                batch.add(new Object[]{text(lines, line, "actorId"), text(lines, line, "key"),
                        text(lines, line, "requestFingerprint"), text(lines, line, "measureId"),
                        number(lines, line, "version"), timestamp(lines, line, "recordedAt")});
                if (batch.size() == BATCH) {
                    insertKeys(batch);
                }
            }
            insertKeys(batch);
            lines.checkAgainst(manifest);
            return lines.number;
        }
    }

    private void insertKeys(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO event_store.idempotency_key (actor_id, idempotency_key, request_fingerprint,
                        measure_id, version, recorded_at) VALUES (?, ?, ?, ?, ?, ?)""", batch);
            batch.clear();
        }
    }

    private long restoreDeadlines(Path directory, JsonNode manifest) {
        List<Object[]> batch = new ArrayList<>(BATCH);
        try (Lines lines = new Lines(directory, ArchiveFormat.DEADLINES)) {
            for (JsonNode line = lines.next(); line != null; line = lines.next()) {
                JsonNode data = line.get("taskData");
                byte[] taskData;
                try {
                    taskData = data == null || data.isNull() ? null : Base64.getDecoder().decode(data.asText());
                } catch (IllegalArgumentException e) {
                    throw lines.error("taskData is not base64");
                }
                batch.add(new Object[]{text(lines, line, "taskName"), text(lines, line, "taskInstance"), taskData,
                        timestamp(lines, line, "executionTime"), optionalTimestamp(lines, line, "lastSuccess"),
                        optionalTimestamp(lines, line, "lastFailure"), optionalInt(line, "consecutiveFailures"),
                        number(lines, line, "version"), optionalInt(line, "priority")});
                if (batch.size() == BATCH) {
                    insertDeadlines(batch);
                }
            }
            insertDeadlines(batch);
            lines.checkAgainst(manifest);
            return lines.number;
        }
    }

    /** Not picked by anyone: the restored ledger's scheduler takes each one when it is due. */
    private void insertDeadlines(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO event_store.scheduled_tasks (task_name, task_instance, task_data, execution_time,
                        picked, last_success, last_failure, consecutive_failures, version, priority)
                    VALUES (?, ?, ?, ?, false, ?, ?, ?, ?, ?)""", batch);
            batch.clear();
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Lines lines, JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || !value.isTextual()) {
            throw lines.error(field + " must be a string");
        }
        return value.asText();
    }

    private static long number(Lines lines, JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw lines.error(field + " must be a whole number");
        }
        return value.asLong();
    }

    private static Integer optionalInt(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static OffsetDateTime timestamp(Lines lines, JsonNode line, String field) {
        OffsetDateTime value = optionalTimestamp(lines, line, field);
        if (value == null) {
            throw lines.error(field + " is missing");
        }
        return value;
    }

    private static OffsetDateTime optionalTimestamp(Lines lines, JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.ofInstant(Instant.parse(value.asText()), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw lines.error(field + " is not an ISO-8601 instant");
        }
    }

    private static ArchiveException damaged(String problem) {
        return new ArchiveException(ArchiveException.Kind.DAMAGED_EXPORT,
                                    "the export is damaged: " + problem + "; nothing was restored");
    }
}
