package ledger.command.measure;

import ledger.messages.eventstore.LedgerSerializer;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.Obligation;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadline payloads are stored in {@code event_store.scheduled_tasks} and in exports under logical
 * names; those stored under their Java class names before (in Measure, then in MeasureDeadlines)
 * are still read.
 */
class DeadlinePayloadsTest {

    private final LedgerSerializer serializer = LedgerSerializer.create(DeadlinePayloads.NAMES);

    private Object read(String storedName, String json) {
        return serializer.deserialize(new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class,
                                                                   storedName, null));
    }

    @Test
    void payloadsStoredUnderTheClassNamesTheyHadInMeasureAreRead() {
        assertThat(read("ledger.command.measure.Measure$DueDatePassed", "{\"dueDate\":\"2016-10-31\"}"))
                .isEqualTo(new MeasureDeadlines.DueDatePassed(LocalDate.of(2016, 10, 31)));
        assertThat(read("ledger.command.measure.Measure$EscalationUnresolved", "{\"level\":2}"))
                .isEqualTo(new MeasureDeadlines.EscalationUnresolved(2));
        assertThat(read("ledger.command.measure.Measure$ReportDue", "{\"reportsBefore\":3}"))
                .isEqualTo(new MeasureDeadlines.ReportDue(3));
    }

    @Test
    void payloadsStoredUnderTheirClassNamesInMeasureDeadlinesAreRead() {
        assertThat(read("ledger.command.measure.MeasureDeadlines$Reminder",
                        "{\"obligation\":\"DUE_DATE\",\"item\":null,\"dueDate\":\"2030-06-10\",\"leadDays\":7,"
                        + "\"reportsBefore\":0}"))
                .isEqualTo(new MeasureDeadlines.Reminder(Obligation.DUE_DATE, null, LocalDate.of(2030, 6, 10), 7, 0));
        assertThat(read("ledger.command.measure.MeasureDeadlines$RejectionUrged",
                        "{\"reportsBefore\":1,\"expectedBy\":\"2016-05-17\"}"))
                .isEqualTo(new MeasureDeadlines.RejectionUrged(1, LocalDate.of(2016, 5, 17)));
        assertThat(read("ledger.messages.measure.Milestone", "{\"title\":\"清理\",\"dueDate\":\"2016-06-30\"}"))
                .isEqualTo(new Milestone("清理", LocalDate.of(2016, 6, 30)));
    }

    @Test
    void newPayloadsAreStoredUnderTheirLogicalNameAndRoundTrip() {
        var period = new MeasureDeadlines.PeriodEnds("2016Q1", LocalDate.of(2016, 1, 1), LocalDate.of(2016, 3, 31), 0);
        SerializedObject<byte[]> stored = serializer.serialize(period, byte[].class);
        assertThat(stored.getType().getName()).isEqualTo("deadline.PeriodEnds");
        assertThat(serializer.<byte[], Object>deserialize(stored)).isEqualTo(period);
        assertThat(serializer.serialize(new Milestone("清理", LocalDate.of(2016, 6, 30)), byte[].class)
                             .getType().getName()).isEqualTo("deadline.MilestoneDue");
    }

    @Test
    void everyPayloadMeasureDeadlinesSetsHasALogicalName() {
        Arrays.stream(MeasureDeadlines.class.getDeclaredClasses()).filter(Class::isRecord).forEach(payload ->
                assertThat(serializer.typeForClass(payload).getName()).as(payload.getName()).startsWith("deadline."));
    }
}
