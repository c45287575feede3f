package ledger.messages.eventstore;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A service's own stored payloads (command-service's deadline payloads) under logical names, as
 * {@link MessageTypes} names the shared messages, and the names they were stored under before: the
 * service lists its classes, so this shared module knows none of them and a class may move.
 */
public final class StoredTypeNames {

    private final Map<Class<?>, String> names;
    private final Map<String, Class<?>> classes;

    private StoredTypeNames(Map<Class<?>, String> names, Map<String, Class<?>> classes) {
        this.names = Map.copyOf(names);
        this.classes = Map.copyOf(classes);
    }

    public static StoredTypeNames none() {
        return new StoredTypeNames(Map.of(), Map.of());
    }

    /**
     * Written and read under {@code name}; also read under the names it was stored under before
     * (its class names, before it had a logical one).
     */
    public StoredTypeNames with(String name, Class<?> type, String... formerNames) {
        Map<Class<?>, String> moreNames = new HashMap<>(names);
        if (moreNames.putIfAbsent(type, name) != null) {
            throw new IllegalArgumentException(type.getName() + " has a name already: " + names.get(type));
        }
        Map<String, Class<?>> moreClasses = new HashMap<>(classes);
        read(moreClasses, name, type);
        for (String formerName : formerNames) {
            read(moreClasses, formerName, type);
        }
        return new StoredTypeNames(moreNames, moreClasses);
    }

    private static void read(Map<String, Class<?>> classes, String name, Class<?> type) {
        if (MessageTypes.classOf(name).isPresent()) {
            throw new IllegalArgumentException("'" + name + "' names one of the shared messages already");
        }
        Class<?> earlier = classes.putIfAbsent(name, type);
        if (earlier != null) {
            throw new IllegalArgumentException("'" + name + "' names both " + earlier.getName() + " and " + type.getName());
        }
    }

    Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(names.get(type));
    }

    Optional<Class<?>> classOf(String name) {
        return Optional.ofNullable(classes.get(name));
    }
}
