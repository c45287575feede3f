package ledger.support.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.util.AntPathMatcher;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buckets of every actor under every rule (Bucket4j, in memory). Each node counts for itself:
 * with N nodes behind a balancer, an actor may send up to N times a limit.
 */
public final class ActorRateLimits {

    /** A request refused: which limit, and how long until one more is allowed. */
    public record Refusal(String limit, Duration retryAfter) {
    }

    /** Past this many actors the buckets are forgotten and start full again: memory stays bounded. */
    static final int MAX_ACTORS = 100_000;

    private final List<RateLimitProperties.Rule> rules;
    private final AntPathMatcher paths = new AntPathMatcher();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ActorRateLimits(List<RateLimitProperties.Rule> rules) {
        for (RateLimitProperties.Rule rule : rules) {
            if (rule.getName() == null || rule.getCapacity() < 1 || rule.getPeriod() == null
                || rule.getPeriod().isZero() || rule.getPeriod().isNegative() || rule.getPaths().isEmpty()) {
                throw new IllegalArgumentException("a rate limit needs a name, paths, a capacity ≥ 1 and a period > 0: "
                                                   + rule.getName());
            }
        }
        this.rules = List.copyOf(rules);
    }

    /** Takes one request from the actor's bucket of the matching rule; empty when it may go on. */
    public Optional<Refusal> take(String actor, String method, String path) {
        RateLimitProperties.Rule rule = ruleFor(method, path);
        if (rule == null) {
            return Optional.empty();
        }
        if (buckets.size() >= MAX_ACTORS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(rule.getName() + '\u0000' + actor, key -> newBucket(rule));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(rule.getName(), Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }

    /** The rule whose matching pattern is the most specific for the path. */
    private RateLimitProperties.Rule ruleFor(String method, String path) {
        RateLimitProperties.Rule best = null;
        String bestPattern = null;
        Comparator<String> specificity = null;   // made only when two patterns match
        for (RateLimitProperties.Rule rule : rules) {
            if (!rule.getMethod().equalsIgnoreCase(method)) {
                continue;
            }
            for (String pattern : rule.getPaths()) {
                if (!paths.match(pattern, path)) {
                    continue;
                }
                if (bestPattern != null) {
                    specificity = specificity == null ? paths.getPatternComparator(path) : specificity;
                    if (specificity.compare(pattern, bestPattern) >= 0) {
                        continue;
                    }
                }
                best = rule;
                bestPattern = pattern;
            }
        }
        return best;
    }

    private static Bucket newBucket(RateLimitProperties.Rule rule) {
        return Bucket.builder()
                     .addLimit(Bandwidth.builder().capacity(rule.getCapacity())
                                        .refillGreedy(rule.getCapacity(), rule.getPeriod()).build())
                     .build();
    }
}
