package ledger.layoutfixture.broken.billing;

import ledger.layoutfixture.broken.orders.Order;

public class Bill {
    Order order;
}
