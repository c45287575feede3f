package ledger.query.config;

import ledger.query.audit.AuditTrailProjection;
import ledger.query.notify.OutboxProcessor;
import ledger.query.status.MeasureStatusProjection;
import ledger.query.support.QueryServiceTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The views' processors commit without waiting for the WAL; the webhooks' outbox and every other
 * transaction keep PostgreSQL's {@code synchronous_commit = on}. Each processor's own transaction
 * manager (the one its batches run in) is asked what a transaction of its says. The test database
 * runs with zonky's defaults (synchronous_commit off for speed); this test's connections start with
 * PostgreSQL's own default, on, as a ledger's database has it (LocalPostgres).
 */
@TestPropertySource(properties = "spring.datasource.hikari.data-source-properties.options=-c synchronous_commit=on")
class ViewsCommitWithoutWaitingForTheWalTest extends QueryServiceTest {

    private static final String SETTING = "SELECT current_setting('synchronous_commit')";

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private TransactionTemplate transactions;

    @ParameterizedTest
    @CsvSource({MeasureStatusProjection.PROCESSING_GROUP + ", off", AuditTrailProjection.PROCESSING_GROUP + ", off",
                OutboxProcessor.PROCESSING_GROUP + ", on"})
    void aProcessorsTransactionsCommitWithoutWaitingForTheWalOnlyIfItKeepsAView(String name, String setting) {
        EventProcessor processor = processing.eventProcessor(name).orElseThrow();
        TransactionManager batches = (TransactionManager) ReflectionTestUtils.getField(processor, "transactionManager");

        String inABatch = batches.fetchInTransaction(() -> jdbc.queryForObject(SETTING, String.class));
        assertThat(inABatch).isEqualTo(setting);
        // the setting ended with the transaction: the connection goes back to the pool as it came
        String inAQuery = transactions.execute(status -> jdbc.queryForObject(SETTING, String.class));
        assertThat(inAQuery).isEqualTo("on");
        assertThat(jdbc.queryForObject(SETTING, String.class)).isEqualTo("on");
    }

    @ParameterizedTest
    @CsvSource({MeasureStatusProjection.PROCESSING_GROUP + ", off", OutboxProcessor.PROCESSING_GROUP + ", on"})
    void aBatchThatRollsBackLeavesTheConnectionAsItWas(String name, String setting) {
        TransactionManager batches = (TransactionManager) ReflectionTestUtils.getField(
                processing.eventProcessor(name).orElseThrow(), "transactionManager");
        var batch = batches.startTransaction();
        assertThat(jdbc.queryForObject(SETTING, String.class)).isEqualTo(setting);
        batch.rollback();
        assertThat(jdbc.queryForObject(SETTING, String.class)).isEqualTo("on");
    }
}
