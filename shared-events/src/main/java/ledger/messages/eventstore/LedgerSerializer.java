package ledger.messages.eventstore;

import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Jackson, with the ledger's messages under their logical names ({@link MessageTypes}), a
 * service's own stored payloads under the names it gives them ({@link StoredTypeNames}), and
 * everything else under its class name. Both services serialize with it.
 */
public final class LedgerSerializer extends JacksonSerializer {

    private final StoredTypeNames serviceTypes;

    private LedgerSerializer(Builder builder, StoredTypeNames serviceTypes) {
        super(builder);
        this.serviceTypes = serviceTypes;
    }

    public static LedgerSerializer create() {
        return create(StoredTypeNames.none());
    }

    public static LedgerSerializer create(StoredTypeNames serviceTypes) {
        return new LedgerSerializer(JacksonSerializer.builder()
                                                     .objectMapper(EventStoreFormat.objectMapper())
                                                     .revisionResolver(new AnnotationRevisionResolver()),
                                    serviceTypes);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return MessageTypes.nameOf(type).or(() -> serviceTypes.nameOf(type))
                           .<SerializedType>map(name -> new SimpleSerializedType(name,
                                                                                 getRevisionResolver().revisionOf(type)))
                           .orElseGet(() -> super.typeForClass(type));
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        String name = serializedType.getName();
        return MessageTypes.classOf(name).or(() -> serviceTypes.classOf(name)).map(Class::getName).orElse(name);
    }
}
