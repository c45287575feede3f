package ledger.command.archive;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.messages.eventstore.ChainWalk;
import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.EventSchemas;
import ledger.messages.eventstore.LedgerDigest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the whole ledger into a directory in the framework-neutral form of docs/EXPORT.md.
 * Everything is read in one repeatable-read transaction, so the events, the digest, the
 * idempotency keys and the pending deadlines are one consistent snapshot; rows are read with a
 * cursor (fetch size), so memory stays constant however long the ledger. The manifest is written
 * last: a directory without one holds no finished export.
 */
public class LedgerExport {

    private static final int FETCH_SIZE = 1000;
    private static final int PROGRESS_EVERY = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final ObjectMapper json;
    private final Clock clock;
    private final String producer;
    private final String readTimeout;

    public LedgerExport(DataSource dataSource, ObjectMapper json, Clock clock, String producer, Duration readTimeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.snapshot = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.json = json;
        this.clock = clock;
        this.producer = producer;
        this.readTimeout = readTimeout.toMillis() + "ms";
    }

    /** Exports into {@code directory} (created if missing; it must hold nothing) and answers the manifest. */
    public ObjectNode export(Path directory, ArchiveFormat.Progress progress) {
        prepare(directory);
        return snapshot.execute(tx -> {
            jdbc.execute("SET LOCAL statement_timeout = '" + readTimeout + "'");
            jdbc.execute("SET LOCAL idle_in_transaction_session_timeout = '" + readTimeout + "'");
            try {
                return write(directory, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void prepare(Path directory) {
        try {
            Files.createDirectories(directory);
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new ArchiveException(ArchiveException.Kind.BAD_DIRECTORY,
                                               directory + " is not empty: an export goes into an empty directory");
                }
            }
        } catch (IOException e) {
            throw new ArchiveException(ArchiveException.Kind.BAD_DIRECTORY, "cannot use " + directory + ": " + e);
        }
    }

    private ObjectNode write(Path directory, ArchiveFormat.Progress progress) throws IOException {
        ObjectNode manifest = json.createObjectNode();
        manifest.put("format", ArchiveFormat.FORMAT);
        manifest.put("formatVersion", ArchiveFormat.VERSION);
        manifest.put("createdAt", clock.instant().toString());
        manifest.put("producer", producer);

        long total = jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
        ObjectNode files = json.createObjectNode();
        EventsWritten events = writeEvents(directory.resolve(ArchiveFormat.EVENTS), total, progress);
        files.set(ArchiveFormat.EVENTS, fileEntry(events.sha256, events.count));

        ChainWalk walk = new ChainWalk();
        jdbc.query("SELECT " + EventRows.COLUMNS + " FROM event_store.domain_event_entry"
                   + " WHERE global_index <= ? ORDER BY aggregate_identifier COLLATE \"C\", sequence_number",
                   (RowCallbackHandler) rs -> walk.accept(rs.getLong("global_index"), EventRows.stored(rs)),
                   events.lastPosition);
        progress.report("digest", walk.events(), total);

        ObjectNode eventsNode = manifest.putObject("events");
        eventsNode.put("count", events.count);
        eventsNode.put("aggregates", walk.aggregates());
        eventsNode.put("firstPosition", events.firstPosition);
        eventsNode.put("lastPosition", events.lastPosition);
        ObjectNode digest = manifest.putObject("digest");
        digest.put("position", events.lastPosition);
        digest.put("value", walk.digest());
        digest.put("algorithm", LedgerDigest.ALGORITHM);
        digest.put("chainsIntact", walk.firstBroken() == null);

        long keys = writeIdempotencyKeys(directory.resolve(ArchiveFormat.IDEMPOTENCY_KEYS), files);
        manifest.putObject("idempotencyKeys").put("count", keys);
        long deadlines = writeDeadlines(directory.resolve(ArchiveFormat.DEADLINES), files);
        manifest.putObject("deadlines").put("count", deadlines);
        progress.report("keys and deadlines", keys + deadlines, keys + deadlines);

        ArrayNode schemas = manifest.putArray("schemas");
        Files.createDirectories(directory.resolve(ArchiveFormat.SCHEMAS));
        for (Map.Entry<String, String> type : events.types.entrySet()) {
            String payloadType = type.getValue().substring(0, type.getValue().indexOf('\n'));
            String revision = type.getValue().substring(type.getValue().indexOf('\n') + 1);
            String revisionOrNull = revision.isEmpty() ? null : revision;
            ObjectNode entry = schemas.addObject();
            entry.put("payloadType", payloadType);
            entry.put("revision", revisionOrNull);
            EventSchemas.schema(payloadType, revisionOrNull).ifPresentOrElse(schema -> {
                String file = ArchiveFormat.schemaFile(payloadType, revisionOrNull);
                entry.put("file", file);
                writeJson(directory.resolve(file), schema);
            }, () -> entry.putNull("file"));
        }
        manifest.set("files", files);
        writeJson(directory.resolve(ArchiveFormat.MANIFEST), manifest);
        return manifest;
    }

    private record EventsWritten(long count, long firstPosition, long lastPosition, String sha256,
                                 Map<String, String> types) {
    }

    private EventsWritten writeEvents(Path file, long total, ArchiveFormat.Progress progress) throws IOException {
        long[] count = {0};
        long[] first = {0};
        long[] last = {0};
        Map<String, String> types = new TreeMap<>();
        try (ArchiveFormat.HashingOutput out = new ArchiveFormat.HashingOutput(Files.newOutputStream(file));
             JsonGenerator generator = json.getFactory().createGenerator((OutputStream) out, JsonEncoding.UTF8)) {
            generator.setRootValueSeparator(null);
            jdbc.query("SELECT " + EventRows.COLUMNS + " FROM event_store.domain_event_entry ORDER BY global_index",
                       (RowCallbackHandler) rs -> {
                           long position = rs.getLong("global_index");
                           EventChain.StoredEvent event = EventRows.stored(rs);
                           writeLine(generator, position, event);
                           if (count[0]++ == 0) {
                               first[0] = position;
                           }
                           last[0] = position;
                           types.putIfAbsent(event.payloadType() + "\n" + event.revision(),
                                             event.payloadType() + "\n" + (event.revision() == null ? "" : event.revision()));
                           if (count[0] % PROGRESS_EVERY == 0) {
                               progress.report("events", count[0], total);
                           }
                       });
            generator.flush();
            progress.report("events", count[0], total);
            return new EventsWritten(count[0], first[0], last[0], out.hex(), types);
        }
    }

    private void writeLine(JsonGenerator out, long position, EventChain.StoredEvent event) {
        try {
            out.writeStartObject();
            out.writeNumberField("position", position);
            out.writeStringField("aggregateType", event.aggregateType());
            out.writeStringField("aggregateId", event.aggregateId());
            out.writeNumberField("sequence", event.sequence());
            out.writeStringField("eventId", event.eventId());
            out.writeStringField("payloadType", event.payloadType());
            out.writeStringField("revision", event.revision());
            out.writeStringField("timestamp", event.timestamp());
            out.writeFieldName("payload");
            out.writeTree(json.readTree(event.payload()));
            out.writeFieldName("metadata");
            out.writeTree(event.metadata() == null ? json.createObjectNode() : json.readTree(event.metadata()));
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("event " + event.eventId() + " at position " + position, e);
        }
    }

    private long writeIdempotencyKeys(Path file, ObjectNode files) throws IOException {
        return writeRows(file, files, """
                SELECT actor_id, idempotency_key, request_fingerprint, measure_id, version, recorded_at
                FROM event_store.idempotency_key ORDER BY recorded_at, actor_id, idempotency_key""", rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("actorId", rs.getString("actor_id"));
            row.put("key", rs.getString("idempotency_key"));
            row.put("requestFingerprint", rs.getString("request_fingerprint"));
            row.put("measureId", rs.getString("measure_id"));
            row.put("version", rs.getLong("version"));
            row.put("recordedAt", instant(rs.getTimestamp("recorded_at")));
            return row;
        });
    }

    /** db-scheduler's rows: the pending deadlines. Who holds one now (picked) is not history. */
    private long writeDeadlines(Path file, ObjectNode files) throws IOException {
        return writeRows(file, files, """
                SELECT task_name, task_instance, task_data, execution_time, last_success, last_failure,
                       consecutive_failures, version, priority
                FROM event_store.scheduled_tasks ORDER BY execution_time, task_name, task_instance""", rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("taskName", rs.getString("task_name"));
            row.put("taskInstance", rs.getString("task_instance"));
            byte[] data = rs.getBytes("task_data");
            row.put("taskData", data == null ? null : Base64.getEncoder().encodeToString(data));
            row.put("executionTime", instant(rs.getTimestamp("execution_time")));
            row.put("lastSuccess", instant(rs.getTimestamp("last_success")));
            row.put("lastFailure", instant(rs.getTimestamp("last_failure")));
            row.put("consecutiveFailures", rs.getObject("consecutive_failures"));
            row.put("version", rs.getLong("version"));
            row.put("priority", rs.getObject("priority"));
            return row;
        });
    }

    private interface RowReader {
        Map<String, Object> read(ResultSet rs) throws SQLException;
    }

    private long writeRows(Path file, ObjectNode files, String sql, RowReader reader) throws IOException {
        long[] count = {0};
        try (ArchiveFormat.HashingOutput out = new ArchiveFormat.HashingOutput(Files.newOutputStream(file))) {
            jdbc.query(sql, (RowCallbackHandler) rs -> {
                try {
                    out.write(json.writeValueAsBytes(reader.read(rs)));
                    out.write('\n');
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
            files.set(file.getFileName().toString(), fileEntry(out.hex(), count[0]));
        }
        return count[0];
    }

    private ObjectNode fileEntry(String sha256, long lines) {
        ObjectNode entry = json.createObjectNode();
        entry.put("sha256", sha256);
        entry.put("lines", lines);
        return entry;
    }

    private void writeJson(Path file, Object value) {
        try {
            Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().toString();
    }
}
