package ledger.support.security;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The cache Spring Security's JWK set decoder keeps the identity provider's key set in
 * ({@code NimbusJwtDecoder.withJwkSetUri(..).cache(..)}): the set is read again after
 * {@code timeToLive}, or at once when a token names a key it does not hold, and every read is
 * shown to {@link KeySetChanges}. One entry: one decoder reads one key set URI.
 */
public final class KeySetCache implements Cache {

    private record Entry(Object key, Object value, Instant readAt) {
    }

    private final KeySetChanges changes;
    private final Clock clock;
    private final Duration timeToLive;
    private volatile Entry entry;

    public KeySetCache(KeySetChanges changes, Clock clock, Duration timeToLive) {
        this.changes = changes;
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    @Override
    public String getName() {
        return "jwk-set";
    }

    @Override
    public Object getNativeCache() {
        return this;
    }

    @Override
    public ValueWrapper get(Object key) {
        Entry current = fresh(key);
        return current == null ? null : new SimpleValueWrapper(current.value());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Class<T> type) {
        Entry current = fresh(key);
        return current == null ? null : (T) current.value();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T get(Object key, Callable<T> valueLoader) {
        Entry current = fresh(key);
        if (current != null) {
            return (T) current.value();
        }
        T value;
        try {
            value = valueLoader.call();
        } catch (Exception e) {
            throw new ValueRetrievalException(key, valueLoader, e);
        }
        put(key, value);
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        if (value instanceof String json) {
            changes.read(json);
        }
        entry = new Entry(key, value, clock.instant());
    }

    @Override
    public void evict(Object key) {
        entry = null;
    }

    @Override
    public void clear() {
        entry = null;
    }

    private Entry fresh(Object key) {
        Entry current = entry;
        return current != null && current.key().equals(key)
               && clock.instant().isBefore(current.readAt().plus(timeToLive)) ? current : null;
    }
}
