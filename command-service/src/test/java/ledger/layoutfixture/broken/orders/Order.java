package ledger.layoutfixture.broken.orders;

import ledger.layoutfixture.broken.billing.Bill;
import ledger.layoutfixture.broken.orders.api.OrderEdge;

/** Depends on its own edge, and on billing, which depends back on it. */
public class Order {
    OrderEdge edge;
    Bill bill;
}
