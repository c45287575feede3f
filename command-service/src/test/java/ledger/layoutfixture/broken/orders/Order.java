package ledger.layoutfixture.broken.orders;

import ledger.layoutfixture.broken.billing.Bill;
import ledger.layoutfixture.broken.billing.BillView;
import ledger.layoutfixture.broken.orders.api.OrderEdge;

/** Depends on its own edge, on billing, which depends back on it, and on billing's store. */
public class Order {
    OrderEdge edge;
    Bill bill;
    BillView bills;
}
