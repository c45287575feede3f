package ledger.messages.eventstore;

import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Recurrence;
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
        assertThat(stored.getType()).isEqualTo(new SimpleSerializedType("MeasureAssigned", "2"));
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

    @Test
    void aRevisionOneAssignmentAndPlanAreReadAsRevisionTwoWithoutCountOrLeadTimes() {
        String assigned = """
                {"measureId":"gd-2016-4","planId":"gd-2016","section":1,"sectionTitle":null,"number":4,
                 "title":"健全组织生活制度","description":null,"leaders":["朱小丹"],"leadUnits":["省政府办公厅"],
                 "dueDate":"2016-10-31","recurrence":"SEMIANNUAL","dueDateBasis":null}""";
        String registered = """
                {"planId":"gd-2016","title":"整改方案","issuer":null,"issueDate":"2016-01-16",
                 "deadline":"2016-10-31","sourceSha256":null,"measureCount":30}""";
        List<DomainEventData<byte[]>> rows = List.of(
                new GenericDomainEventEntry<>("Plan", "plan:gd-2016", 0, "e-1", "2016-03-01T08:00:00.000Z",
                                              "PlanRegistered", "1", registered.getBytes(StandardCharsets.UTF_8),
                                              "{}".getBytes(StandardCharsets.UTF_8)),
                new GenericDomainEventEntry<>("Measure", "gd-2016-4", 0, "e-2", "2016-03-01T08:00:00.000Z",
                                              "MeasureAssigned", "1", assigned.getBytes(StandardCharsets.UTF_8),
                                              "{}".getBytes(StandardCharsets.UTF_8)));
        List<Object> read = EventStreamUtils.upcastAndDeserializeDomainEvents(
                rows.stream(), serializer, new AddedPropertiesUpcaster()).asStream()
                .<Object>map(DomainEventMessage::getPayload).toList();
        assertThat(read).containsExactly(
                new PlanRegistered("gd-2016", "整改方案", null, LocalDate.of(2016, 1, 16), LocalDate.of(2016, 10, 31),
                                   null, 30, null),
                new MeasureAssigned("gd-2016-4", "gd-2016", 1, null, 4, "健全组织生活制度", null, List.of("朱小丹"),
                                    List.of("省政府办公厅"), LocalDate.of(2016, 10, 31), Recurrence.SEMIANNUAL, null,
                                    null, null));
    }

    @Test
    void everyEventTypeAndPastRevisionHasASchema() {
        for (String type : List.of("MeasureReminded", "MeasureUrged", "ReportPeriodMissed")) {
            assertThat(EventSchemas.schema(type, "1")).as(type).isPresent();
        }
        assertThat(EventSchemas.schema("MeasureUrged", "1").orElseThrow().at("/properties/obligation/enum").toString())
                .contains("DUE_DATE", "MILESTONE", "PERIODIC_REPORT", "REPORT_AFTER_REJECTION");
        assertThat(EventSchemas.schema("MeasureAssigned", "2").orElseThrow().at("/properties/timesPerYear").isMissingNode())
                .isFalse();
        assertThat(EventSchemas.schema("MeasureAssigned", "1").orElseThrow().at("/properties/timesPerYear").isMissingNode())
                .isTrue();
        assertThat(EventSchemas.schema("PlanRegistered", "1").orElseThrow().at("/properties/remindDaysBefore")
                               .isMissingNode()).isTrue();
    }
}
