package ledger.support.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ledger.rate-limits.limits.NAME}: per actor (the token's {@code sub}) and per node, a token
 * bucket for each limit. A request is held to the limit whose method matches and whose path
 * pattern matches it most specifically ({@code /api/v1/plans/import} before {@code /api/**}); a
 * request no limit matches is not limited. Named, not listed, so that one figure can be set alone.
 */
@ConfigurationProperties("ledger.rate-limits")
public class RateLimitProperties {

    private boolean enabled = true;
    private Map<String, Rule> limits = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, Rule> getLimits() {
        return limits;
    }

    public void setLimits(Map<String, Rule> limits) {
        this.limits = limits;
    }

    /** The limits, each named by its key. */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        limits.forEach((name, rule) -> {
            rule.setName(name);
            rules.add(rule);
        });
        return rules;
    }

    /**
     * {@code capacity} requests at once, then {@code capacity} per {@code period}, refilled evenly.
     *
     * name: the limit's key, named in the 429 answer and the log; method the HTTP method it limits (POST unless said)
     * paths: Ant-style path patterns
     */
    public static class Rule {

        private String name;
        private String method = "POST";
        private List<String> paths = new ArrayList<>();
        private long capacity;
        private Duration period = Duration.ofSeconds(1);

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getMethod() {
            return method;
        }

        public void setMethod(String method) {
            this.method = method;
        }

        public List<String> getPaths() {
            return paths;
        }

        public void setPaths(List<String> paths) {
            this.paths = paths;
        }

        public long getCapacity() {
            return capacity;
        }

        public void setCapacity(long capacity) {
            this.capacity = capacity;
        }

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }
    }
}
