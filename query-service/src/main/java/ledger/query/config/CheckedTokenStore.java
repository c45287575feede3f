package ledger.query.config;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.AbstractTokenEntry;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.SerializedObject;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JDBC token store that moves a token on only from where this node left it. The views commit
 * without waiting for the WAL (ViewTransactionManager): if PostgreSQL crashes, it comes back with
 * the last view updates lost, and their token with them. A processor that saw those commits
 * succeed still holds the later position in memory; if the database came back before the
 * processor noticed it was gone (the pool hands out fresh connections), it would store its next
 * token over the older one and the lost events would never reach the views. Here each update
 * requires the token this node last read or wrote for the segment: when the stored token is not
 * that one, the update is refused, the batch rolls back, and the processor starts again from the
 * token stored, handling the lost events again (the projections are idempotent). The check rides
 * on the update Axon sends anyway: no extra statement.
 */
final class CheckedTokenStore extends JdbcTokenStore {

    private record Key(String processorName, int segment) {
    }

    /** The token's serialized form as this node last committed it; {@code data} null: a null token. */
    private record Left(byte[] data) {
    }

    /** Where this node left each segment's token, as committed. No entry: unknown, not checked. */
    private final Map<Key, Left> left = new ConcurrentHashMap<>();
    /** The update under way on this thread: where the token must be (null: unknown), and its replacement. */
    private final ThreadLocal<Storing> storing = new ThreadLocal<>();
    private final TokenSchema schema;
    private final String nodeId;

    private record Storing(Key key, Left expected, AbstractTokenEntry<?> replacement) {
    }

    CheckedTokenStore(JdbcTokenStore.Builder builder, TokenSchema schema, String nodeId) {
        super(builder);
        this.schema = schema;
        this.nodeId = nodeId;
    }

    /**
     * Thrown when the stored token is not where this node left it: the database lost its last
     * commits in a crash, or another node took the segment over and moved it.
     */
    static final class TokenMovedException extends IllegalStateException {
        TokenMovedException(String processorName, int segment) {
            super("The token of " + processorName + "[" + segment + "] is not where this node left it (the database"
                  + " lost its last commits in a crash, or another node moved it); the processor starts again from"
                  + " the token stored");
        }
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        Key key = new Key(processorName, segment);
        AbstractTokenEntry<?> replacement = new GenericTokenEntry<>(token, serializer(), byte[].class, processorName,
                                                                    segment);
        storing.set(new Storing(key, expected(key), replacement));
        try {
            super.storeToken(token, processorName, segment);
        } finally {
            storing.remove();
        }
        leave(key, serialized(replacement));
    }

    /** Axon's update, on condition that the token is still the one this node left (when known). */
    @Override
    protected PreparedStatement storeUpdate(Connection connection, TrackingToken token, String processorName,
                                            int segment) throws SQLException {
        Storing update = storing.get();
        AbstractTokenEntry<?> entry = update.replacement();
        String sql = "UPDATE " + schema.tokenTable() + " SET " + schema.tokenColumn() + " = ?, "
                     + schema.tokenTypeColumn() + " = ?, " + schema.timestampColumn() + " = ? WHERE "
                     + schema.ownerColum() + " = ? AND " + schema.processorNameColumn() + " = ? AND "
                     + schema.segmentColumn() + " = ?"
                     + (update.expected() == null ? "" : " AND " + schema.tokenColumn() + " IS NOT DISTINCT FROM ?");
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setBytes(1, serialized(entry).data());
        statement.setString(2, entry.getTokenType() == null ? null : entry.getTokenType().getName());
        statement.setString(3, entry.timestampAsString());
        statement.setString(4, nodeId);
        statement.setString(5, processorName);
        statement.setInt(6, segment);
        if (update.expected() != null) {
            statement.setBytes(7, update.expected().data());
        }
        return statement;
    }

    /**
     * Where the update above changed nothing, Axon reads the row to claim it: the token read must
     * still be the one this node left.
     */
    @Override
    protected AbstractTokenEntry<?> readTokenEntry(ResultSet resultSet) throws SQLException {
        AbstractTokenEntry<?> entry = super.readTokenEntry(resultSet);
        Storing update = storing.get();
        if (update != null && update.expected() != null
            && update.key().equals(new Key(entry.getProcessorName(), entry.getSegment()))
            && !Arrays.equals(update.expected().data(), serialized(entry).data())) {
            throw new TokenMovedException(entry.getProcessorName(), entry.getSegment());
        }
        return entry;
    }

    /** A claimed token is where the processor starts: from here on, this node knows where it is. */
    @Override
    protected TrackingToken claimToken(Connection connection, AbstractTokenEntry<?> entry) throws SQLException {
        TrackingToken token = super.claimToken(connection, entry);
        leave(new Key(entry.getProcessorName(), entry.getSegment()), serialized(entry));
        return token;
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        super.releaseClaim(processorName, segment);
        leave(new Key(processorName, segment), null);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        super.deleteToken(processorName, segment);
        leave(new Key(processorName, segment), null);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        super.initializeSegment(token, processorName, segment);
        leave(new Key(processorName, segment), null);
    }

    private static Left serialized(AbstractTokenEntry<?> entry) {
        SerializedObject<?> token = entry.getSerializedToken();
        return new Left(token == null ? null : (byte[]) token.getData());
    }

    /** Where the token is, as far as this node knows: changed in this transaction, or as last committed. */
    private Left expected(Key key) {
        Map<Key, Left> changed = changedInTransaction();
        if (changed != null && changed.containsKey(key)) {
            return changed.get(key);
        }
        return left.get(key);
    }

    @SuppressWarnings("unchecked")
    private Map<Key, Left> changedInTransaction() {
        return (Map<Key, Left>) TransactionSynchronizationManager.getResource(this);
    }

    /** Records where this node left the token (null: unknown), once its transaction commits. */
    private void leave(Key key, Left where) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            remember(key, where);
            return;
        }
        Map<Key, Left> changed = changedInTransaction();
        if (changed == null) {
            Map<Key, Left> inTransaction = new HashMap<>();
            changed = inTransaction;
            TransactionSynchronizationManager.bindResource(this, inTransaction);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CheckedTokenStore.this);
                    if (status == STATUS_COMMITTED) {
                        inTransaction.forEach(CheckedTokenStore.this::remember);
                    }
                }
            });
        }
        changed.put(key, where);
    }

    private void remember(Key key, Left where) {
        if (where == null) {
            left.remove(key);
        } else {
            left.put(key, where);
        }
    }
}
