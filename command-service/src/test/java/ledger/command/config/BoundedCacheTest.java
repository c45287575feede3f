package ledger.command.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedCacheTest {

    @Test
    void theLeastRecentlyUsedEntryLeavesWhenTheCacheIsFull() {
        BoundedCache cache = new BoundedCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1); // "b" is now the least recently used
        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void putIfAbsentKeepsTheFirstValueAndRemoveForgetsIt() {
        BoundedCache cache = new BoundedCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);

        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(cache.<String, Integer>get("a")).isNull();
    }

    @Test
    void computeIfPresentReplacesOnlyWhatIsThereAndNullRemoves() {
        BoundedCache cache = new BoundedCache(10);
        cache.<Integer>computeIfPresent("a", v -> v + 1);
        assertThat(cache.containsKey("a")).isFalse();

        cache.put("a", 1);
        cache.<Integer>computeIfPresent("a", v -> v + 1);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(2);
        cache.<Integer>computeIfPresent("a", v -> null);
        assertThat(cache.containsKey("a")).isFalse();
    }

    @Test
    void aCacheWithoutRoomIsRefused() {
        assertThatThrownBy(() -> new BoundedCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
