package ledger.query.config;

import ledger.query.support.QueryServiceTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token moves on only from where this node left it: after a crash of PostgreSQL has lost the
 * views' last commits (their token with them), a processor that still holds the later position
 * is refused, and starts again from the token stored.
 */
class CheckedTokenStoreTest extends QueryServiceTest {

    @Autowired
    private TokenStore tokens;
    @Autowired
    private TransactionManager transactions;

    private final String processor = "checked-" + UUID.randomUUID();

    private void store(long position) {
        transactions.executeInTransaction(() -> tokens.storeToken(new GlobalSequenceTrackingToken(position), processor, 0));
    }

    private byte[] stored() {
        return jdbc.queryForObject("SELECT token FROM query_view.token_entry WHERE processor_name = ? AND segment = 0",
                                   byte[].class, processor);
    }

    private TrackingToken claim() {
        return transactions.fetchInTransaction(() -> tokens.fetchToken(processor, 0));
    }

    @Test
    void aTokenThatLostItsLastCommitsIsNotMovedOnUntilTheProcessorHasReadItAgain() {
        transactions.executeInTransaction(() -> tokens.initializeTokenSegments(processor, 1));
        assertThat(claim()).isNull();
        store(3);
        byte[] atThree = stored();
        store(5);
        store(7);
        assertThat(claim()).isEqualTo(new GlobalSequenceTrackingToken(7));

        // PostgreSQL crashed: the commits after position 3 were never flushed, the token is back at 3
        jdbc.update("UPDATE query_view.token_entry SET token = ? WHERE processor_name = ? AND segment = 0",
                    atThree, processor);
        assertThatThrownBy(() -> store(9)).isInstanceOf(CheckedTokenStore.TokenMovedException.class)
                                          .hasMessageContaining(processor + "[0]");
        assertThat(stored()).isEqualTo(atThree);

        // the processor reads where it is, and moves on from there
        assertThat(claim()).isEqualTo(new GlobalSequenceTrackingToken(3));
        store(4);
        assertThat(claim()).isEqualTo(new GlobalSequenceTrackingToken(4));
    }

    @Test
    void aTokenStoredInATransactionThatRolledBackIsNotWhereTheNodeLeftIt() {
        transactions.executeInTransaction(() -> tokens.initializeTokenSegments(processor, 1));
        claim();
        store(2);
        var rolledBack = transactions.startTransaction();
        tokens.storeToken(new GlobalSequenceTrackingToken(6), processor, 0);
        rolledBack.rollback();

        store(3);
        assertThat(claim()).isEqualTo(new GlobalSequenceTrackingToken(3));
    }

    @Test
    void aTokenClaimedAndStoredInOneTransactionMovesOn() {
        transactions.executeInTransaction(() -> tokens.initializeTokenSegments(processor, 1));
        claim();
        store(2);
        // another node moved it meanwhile (its claim, its update), then released it
        jdbc.update("UPDATE query_view.token_entry SET owner = NULL WHERE processor_name = ?", processor);
        transactions.executeInTransaction(() -> {
            assertThat(tokens.fetchToken(processor, 0)).isEqualTo(new GlobalSequenceTrackingToken(2));
            tokens.storeToken(new GlobalSequenceTrackingToken(8), processor, 0);
        });
        assertThat(claim()).isEqualTo(new GlobalSequenceTrackingToken(8));
    }
}
