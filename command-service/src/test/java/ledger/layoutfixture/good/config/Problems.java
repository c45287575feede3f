package ledger.layoutfixture.good.config;

import ledger.layoutfixture.good.orders.api.OrderController;
import org.springframework.web.bind.annotation.ExceptionHandler;

public class Problems {
    OrderController wired;

    @ExceptionHandler(IllegalStateException.class)
    public void handle() {
    }
}
