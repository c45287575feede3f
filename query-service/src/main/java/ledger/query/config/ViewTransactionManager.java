package ledger.query.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transactions of the views' processors: they commit without waiting for the WAL to reach the
 * disk ({@code synchronous_commit = off} for the transaction alone). Views are derived data: the
 * rows and the processor's token commit in one transaction, so a crash of PostgreSQL can only lose
 * the last view updates together with the token that covers them, and the processor handles those
 * events again (CheckedTokenStore makes sure it starts again from the token stored). Every other
 * transaction of this service, the webhooks' outbox among them, keeps PostgreSQL's setting.
 */
final class ViewTransactionManager implements TransactionManager {

    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;

    ViewTransactionManager(TransactionManager transactions, JdbcTemplate jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = transactions.startTransaction();
        try {
            // on the transaction's connection (Spring binds it to this thread); LOCAL: until it ends
            jdbc.execute("SET LOCAL synchronous_commit = off");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
