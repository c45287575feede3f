package ledger.messages.eventstore;

import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Jackson, with the ledger's messages under their logical names ({@link MessageTypes}) and
 * everything else under its class name. Both services serialize with it.
 */
public final class LedgerSerializer extends JacksonSerializer {

    private LedgerSerializer(Builder builder) {
        super(builder);
    }

    public static LedgerSerializer create() {
        return new LedgerSerializer(JacksonSerializer.builder()
                                                     .objectMapper(EventStoreFormat.objectMapper())
                                                     .revisionResolver(new AnnotationRevisionResolver()));
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return MessageTypes.nameOf(type)
                           .<SerializedType>map(name -> new SimpleSerializedType(name,
                                                                                 getRevisionResolver().revisionOf(type)))
                           .orElseGet(() -> super.typeForClass(type));
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        return MessageTypes.classOf(serializedType.getName()).map(Class::getName)
                           .orElseGet(() -> MOVED_CLASSES.getOrDefault(serializedType.getName(),
                                                                       serializedType.getName()));
    }

    /**
     * Classes stored under their class name (deadline payloads, kept pending in
     * {@code event_store.scheduled_tasks} and in exports) that have since moved: a deadline set
     * before the move still finds its class.
     */
    private static final java.util.Map<String, String> MOVED_CLASSES = java.util.Map.of(
            "ledger.command.measure.Measure$DueDatePassed", "ledger.command.measure.MeasureDeadlines$DueDatePassed",
            "ledger.command.measure.Measure$ReportDue", "ledger.command.measure.MeasureDeadlines$ReportDue",
            "ledger.command.measure.Measure$EscalationUnresolved",
            "ledger.command.measure.MeasureDeadlines$EscalationUnresolved");
}
