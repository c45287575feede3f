package ledger.layoutfixture.good.orders;

public class Order {
}
