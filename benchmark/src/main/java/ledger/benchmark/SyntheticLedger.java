package ledger.benchmark;

import ledger.messages.MetadataKeys;
import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.LedgerSerializer;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ProgressReported;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A large ledger written straight into the event store, in exactly the form command-service stores
 * (the services' serializer, their metadata keys, each event on its measure's hash chain), so that
 * the projections rebuild it, auditors verify it and new commands extend it. Every measure is
 * assigned, gets an implementation plan, then progress reports; events of different measures are
 * interleaved, as they are in a live ledger.
 */
final class SyntheticLedger {

    static final String PLAN = "bench-plan";
    /** Every synthetic measure is led by this unit (the benchmark's clerk acts for it) and one other. */
    static final String CLERK_UNIT = "省政府办公厅";
    private static final List<String> OTHER_UNITS = List.of("省发展改革委", "省财政厅", "省商务厅", "省公安厅", "省司法厅",
                                                            "省科技厅", "省编办", "省法制办");
    private static final List<String> LEADERS = List.of("朱小丹", "许瑞生", "招玉芳", "林少春", "陈云贤", "邓海光");

    private final Serializer serializer = LedgerSerializer.create();
    private final HexFormat hex = HexFormat.of();

    static String measureId(int number) {
        return PLAN + "-" + number;
    }

    /** Appends measures × eventsPerMeasure events with one COPY; answers the number written. */
    long write(Connection connection, int measures, int eventsPerMeasure) throws SQLException {
        String[] heads = new String[measures];
        Arrays.fill(heads, EventChain.GENESIS);
        Instant clock = Instant.parse("2026-01-05T01:00:00Z");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                COPY event_store.domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    meta_data, payload, payload_revision, payload_type, time_stamp) FROM STDIN""");
        ByteArrayOutputStream rows = new ByteArrayOutputStream(1 << 21);
        long written = 0;
        try {
            for (int sequence = 0; sequence < eventsPerMeasure; sequence++) {
                for (int m = 0; m < measures; m++) {
                    clock = clock.plusMillis(7);
                    int number = m + 1;
                    String aggregateId = measureId(number);
                    Object payload = payload(sequence, number, aggregateId);
                    Map<String, Object> metadata = new LinkedHashMap<>();
                    metadata.put(MetadataKeys.ACTOR_ID, sequence == 0 ? "bench-office" : "bench-clerk");
                    metadata.put(MetadataKeys.ACTOR_ROLE, sequence == 0 ? "SUPERVISOR" : "UNIT");
                    if (sequence > 0) {
                        metadata.put(MetadataKeys.ACTOR_UNIT, CLERK_UNIT);
                    }
                    metadata.put(MetadataKeys.CORRELATION_ID, "bench-" + written);
                    String eventId = UUID.randomUUID().toString();
                    String timestamp = DateTimeUtils.formatInstant(clock);
                    SerializedObject<byte[]> serialized = serializer.serialize(payload, byte[].class);
                    byte[] unchainedMetadata = serializer.serialize(MetaData.from(metadata), byte[].class).getData();
                    String hash = EventChain.hash(heads[m], new EventChain.StoredEvent(
                            "Measure", aggregateId, sequence, eventId, timestamp, serialized.getType().getName(),
                            serialized.getType().getRevision(), serialized.getData(), unchainedMetadata));
                    heads[m] = hash;
                    metadata.put(EventChain.HASH, hash);
                    byte[] storedMetadata = serializer.serialize(MetaData.from(metadata), byte[].class).getData();
                    row(rows, aggregateId, sequence, eventId, storedMetadata, serialized, timestamp);
                    written++;
                    if (rows.size() > (1 << 20)) {
                        copy.writeToCopy(rows.toByteArray(), 0, rows.size());
                        rows.reset();
                    }
                }
            }
            copy.writeToCopy(rows.toByteArray(), 0, rows.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return written;
    }

    private static Object payload(int sequence, int number, String measureId) {
        if (sequence == 0) {
            return new MeasureAssigned(measureId, PLAN, 1 + number % 3, "基准章节", number, "基准措施 " + number,
                                       "按照整改方案推进第 " + number + " 项措施。",
                                       List.of(LEADERS.get(number % LEADERS.size())),
                                       List.of(CLERK_UNIT, OTHER_UNITS.get(number % OTHER_UNITS.size())),
                                       LocalDate.of(2099, 12, 31), null,
                                       new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null));
        }
        if (sequence == 1) {
            return new ImplementationPlanSubmitted(measureId, "实施方案：分三个阶段推进。",
                                                   List.of(new Milestone("完成调研", LocalDate.of(2099, 6, 30))),
                                                   List.of("张三"));
        }
        return new ProgressReported(measureId, Math.min(99, sequence), "按倒排时间进度表推进，已完成阶段性任务。",
                                    List.of("doc-" + measureId + "-" + sequence), null);
    }

    /** One line of COPY's text format; bytea as \x hex (the backslash escaped). */
    private void row(ByteArrayOutputStream rows, String aggregateId, long sequence, String eventId, byte[] metadata,
                     SerializedObject<byte[]> payload, String timestamp) {
        String revision = payload.getType().getRevision();
        String line = aggregateId + '\t' + sequence + "\tMeasure\t" + eventId + "\t\\\\x" + hex.formatHex(metadata)
                + "\t\\\\x" + hex.formatHex(payload.getData()) + '\t' + (revision == null ? "\\N" : revision)
                + '\t' + payload.getType().getName() + '\t' + timestamp + '\n';
        rows.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    }
}
