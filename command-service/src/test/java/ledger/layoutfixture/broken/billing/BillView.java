package ledger.layoutfixture.broken.billing;

import org.axonframework.queryhandling.QueryHandler;

/** The billing feature's store, which orders reaches into. */
public class BillView {
    @QueryHandler
    Bill find(String number) {
        return null;
    }
}
