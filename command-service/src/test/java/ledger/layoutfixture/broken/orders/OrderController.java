package ledger.layoutfixture.broken.orders;

import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;

/** A controller outside an edge, with a problem handler of its own. */
@RestController
public class OrderController {
    @ExceptionHandler(IllegalStateException.class)
    public void handle() {
    }
}
