package ledger.layoutfixture.broken.billing.api;

public class BillingEdge {
}
