package ledger.layoutfixture.good.orders;

import org.axonframework.eventhandling.EventHandler;

/** The orders feature's store: only its own feature uses it. */
public class OrderView {
    @EventHandler
    void on(Order placed) {
    }
}
