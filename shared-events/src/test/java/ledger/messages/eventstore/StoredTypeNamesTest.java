package ledger.messages.eventstore;

import ledger.messages.measure.Milestone;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredTypeNamesTest {

    private record Payload(int n) {
    }

    private record Other(int n) {
    }

    @Test
    void aServiceTypeIsWrittenUnderItsNameAndReadUnderItAndItsFormerNames() {
        LedgerSerializer serializer = LedgerSerializer.create(
                StoredTypeNames.none().with("test.Payload", Payload.class, "some.old.Payload"));
        SerializedObject<byte[]> stored = serializer.serialize(new Payload(3), byte[].class);
        assertThat(stored.getType().getName()).isEqualTo("test.Payload");
        assertThat(serializer.<byte[], Object>deserialize(stored)).isEqualTo(new Payload(3));
        assertThat(serializer.classForType(new SimpleSerializedType("some.old.Payload", null))).isEqualTo(Payload.class);
    }

    @Test
    void withoutServiceTypesOtherClassesKeepTheirClassNames() {
        assertThat(LedgerSerializer.create().serialize(new Milestone("m", LocalDate.of(2016, 1, 1)), byte[].class)
                                   .getType().getName()).isEqualTo(Milestone.class.getName());
    }

    @Test
    void aNameIsGivenOnceAndNeverOneOfTheSharedMessages() {
        assertThatThrownBy(() -> StoredTypeNames.none().with("MeasureAssigned", Payload.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared messages");
        assertThatThrownBy(() -> StoredTypeNames.none().with("test.Payload", Payload.class)
                                                .with("test.Other", Other.class, "test.Payload"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names both");
    }
}
