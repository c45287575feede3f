package ledger.command.measure;

import ledger.messages.eventstore.LedgerSerializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadline payloads are stored by class name in {@code event_store.scheduled_tasks} and in exports:
 * those set before they moved out of Measure into MeasureDeadlines are still read.
 */
class DeadlinePayloadsTest {

    private final LedgerSerializer serializer = LedgerSerializer.create();

    private Object read(String storedClassName, String json) {
        return serializer.deserialize(new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class,
                                                                   storedClassName, null));
    }

    @Test
    void payloadsStoredUnderTheirOldClassNamesAreReadAsTheMovedClasses() {
        assertThat(read("ledger.command.measure.Measure$DueDatePassed", "{\"dueDate\":\"2016-10-31\"}"))
                .isEqualTo(new MeasureDeadlines.DueDatePassed(LocalDate.of(2016, 10, 31)));
        assertThat(read("ledger.command.measure.Measure$EscalationUnresolved", "{\"level\":2}"))
                .isEqualTo(new MeasureDeadlines.EscalationUnresolved(2));
        assertThat(read("ledger.command.measure.Measure$ReportDue", "{\"reportsBefore\":3}"))
                .isEqualTo(new MeasureDeadlines.ReportDue(3));
    }

    @Test
    void newPayloadsRoundTrip() {
        var period = new MeasureDeadlines.PeriodEnds("2016Q1", LocalDate.of(2016, 1, 1), LocalDate.of(2016, 3, 31), 0);
        var stored = serializer.serialize(period, byte[].class);
        Object read = serializer.deserialize(stored);
        assertThat(read).isEqualTo(period);
    }
}
