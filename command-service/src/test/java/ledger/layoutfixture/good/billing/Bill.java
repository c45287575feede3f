package ledger.layoutfixture.good.billing;

import ledger.layoutfixture.good.orders.Order;

/** Another feature may use a feature's plain classes (its messages, its values), not its store. */
public class Bill {
    Order order;
}
