package ledger.messages.eventstore;

import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.ProgressReported;
import ledger.messages.plan.PlanRegistered;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** How events are stored: logical type names, and old revisions read through upcasters. */
class StoredFormTest {

    private final LedgerSerializer serializer = LedgerSerializer.create();

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StoredFormTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void eventsAreStoredUnderTheirLogicalNameNotTheirClassName() {
        SerializedObject<byte[]> stored = serializer.serialize(
                new MeasureAssigned("gd-2016-1", "gd-2016", 1, null, 1, "t", null, List.of("a"), List.of("b"),
                                    LocalDate.of(2016, 10, 31), null, null), byte[].class);
        assertThat(stored.getType()).isEqualTo(new SimpleSerializedType("MeasureAssigned", "1"));
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).contains("\"dueDate\":\"2016-10-31\"");
        assertThat(serializer.typeForClass(PlanRegistered.class).getName()).isEqualTo("PlanRegistered");
    }

    @Test
    void aLogicalNameIsReadBackWhateverPackageTheClassLivesIn() {
        assertThat(serializer.classForType(new SimpleSerializedType("ProgressReported", "2")))
                .isEqualTo(ProgressReported.class);
        assertThat(serializer.classForType(new SimpleSerializedType("java.lang.String", null))).isEqualTo(String.class);
        assertThat(serializer.classForType(new SimpleSerializedType("NoSuchEvent", "1")))
                .isEqualTo(UnknownSerializedType.class);
    }

    @Test
    void aRevisionOneProgressReportIsReadAsRevisionTwoWithoutMilestone() throws IOException {
        DomainEventData<byte[]> storedRow = new GenericDomainEventEntry<>(
                "Measure", "gd-2016-18", 2, "event-r1", "2016-03-01T08:00:00.000Z",
                "ProgressReported", "1", fixture("progress-reported-r1.json"),
                fixture("progress-reported-r1-metadata.json"));

        List<? extends DomainEventMessage<?>> read = EventStreamUtils.upcastAndDeserializeDomainEvents(
                Stream.of(storedRow), serializer, new ProgressReportedUpcaster()).asStream().toList();

        assertThat(read).hasSize(1);
        assertThat(read.get(0).getPayload()).isEqualTo(
                new ProgressReported("gd-2016-18", 60, "已完成权责清单公布", List.of("粤府办〔2016〕12号"), null));
        assertThat(read.get(0).getSequenceNumber()).isEqualTo(2);
        assertThat(read.get(0).getMetaData()).containsEntry("actorUnit", "省编办");
    }

    @Test
    void aRevisionTwoProgressReportIsReadAsItIs() {
        ProgressReported report = new ProgressReported("gd-2016-1", 50, "过半", List.of(), "清理");
        SerializedObject<byte[]> stored = serializer.serialize(report, byte[].class);
        assertThat(stored.getType()).isEqualTo(new SimpleSerializedType("ProgressReported", "2"));
        DomainEventData<byte[]> row = new GenericDomainEventEntry<>(
                "Measure", "gd-2016-1", 3, "event-r2", "2016-03-01T08:00:00.000Z", "ProgressReported", "2",
                stored.getData(), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), serializer,
                                                                     new ProgressReportedUpcaster())
                                   .asStream().<Object>map(DomainEventMessage::getPayload).toList())
                .containsExactly(report);
    }
}
