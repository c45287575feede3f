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
        return MessageTypes.classOf(serializedType.getName()).map(Class::getName).orElse(serializedType.getName());
    }
}
