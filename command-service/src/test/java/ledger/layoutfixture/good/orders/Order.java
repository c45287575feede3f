package ledger.layoutfixture.good.orders;

public class Order {
    OrderView view;
}
