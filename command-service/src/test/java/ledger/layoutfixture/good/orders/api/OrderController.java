package ledger.layoutfixture.good.orders.api;

import ledger.layoutfixture.good.orders.Order;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {
    Order order;
}
