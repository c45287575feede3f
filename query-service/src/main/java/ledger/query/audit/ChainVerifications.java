package ledger.query.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts the chain verifications asked of this node and what they found:
 * {@code ledger_chain_verifications_total{scope="ledger|measure|digest", result="intact|broken"}}.
 * A broken result is what an operator alerts on.
 */
@Component
public class ChainVerifications {

    private final MeterRegistry registry;

    public ChainVerifications(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One verification of the whole ledger, one measure's chain, or a digest. */
    public void record(String scope, boolean intact) {
        Counter.builder("ledger.chain.verifications")
               .description("Chain verifications asked of this node, by scope and result")
               .tag("scope", scope).tag("result", intact ? "intact" : "broken")
               .register(registry).increment();
    }
}
