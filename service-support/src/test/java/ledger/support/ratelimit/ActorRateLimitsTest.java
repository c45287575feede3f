package ledger.support.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActorRateLimitsTest {

    private static RateLimitProperties.Rule rule(String name, long capacity, Duration period, String... paths) {
        RateLimitProperties.Rule rule = new RateLimitProperties.Rule();
        rule.setName(name);
        rule.setCapacity(capacity);
        rule.setPeriod(period);
        rule.setPaths(List.of(paths));
        return rule;
    }

    // listed with the broad rule first: the most specific pattern must still win
    private final ActorRateLimits limits = new ActorRateLimits(List.of(
            rule("commands", 3, Duration.ofHours(1), "/api/**"),
            rule("import", 1, Duration.ofHours(1), "/api/v1/plans/import")));

    @Test
    void eachActorHasItsOwnBucketUnderEachLimit() {
        assertThat(limits.take("office-1", "POST", "/api/v1/plans/import")).isEmpty();
        var refused = limits.take("office-1", "POST", "/api/v1/plans/import");
        assertThat(refused).isPresent();
        assertThat(refused.get().limit()).isEqualTo("import");
        assertThat(refused.get().retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));

        assertThat(limits.take("office-2", "POST", "/api/v1/plans/import")).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take("office-1", "POST", "/api/v1/measures")).isEmpty();
        }
        assertThat(limits.take("office-1", "POST", "/api/v1/measures").map(ActorRateLimits.Refusal::limit))
                .contains("commands");
    }

    @Test
    void requestsNoLimitNamesGoFree() {
        for (int i = 0; i < 10; i++) {
            assertThat(limits.take("reader-1", "GET", "/api/v1/measures")).isEmpty();
            assertThat(limits.take("office-1", "POST", "/actuator/health")).isEmpty();
        }
    }
}
