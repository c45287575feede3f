package ledger.layoutfixture.broken.orders.api;

import ledger.layoutfixture.broken.billing.api.BillingEdge;

/** Reaches another feature's edge. */
public class OrderEdge {
    BillingEdge other;
}
