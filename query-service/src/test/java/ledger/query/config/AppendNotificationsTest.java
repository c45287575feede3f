package ledger.query.config;

import ledger.messages.measure.MeasureAssigned;
import ledger.messages.query.FindMeasure;
import ledger.query.status.MeasureStatusQueries;
import ledger.query.support.QueryServiceTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events committed by another process reach the views through PostgreSQL's notification, not the
 * poll: the poll is set to ten minutes here, so only the notification can bring the event in time.
 * The event is appended straight through the storage engine, bypassing this service's event store,
 * and then notified, as command-service's appends are (its CommitNotifier).
 */
@TestPropertySource(properties = "ledger.event-store.fetch-delay=10m")
class AppendNotificationsTest extends QueryServiceTest {

    @Autowired
    private EventStorageEngine storage;
    @Autowired
    private TransactionTemplate transactions;
    @Autowired
    private MeasureStatusQueries queries;

    @Test
    void aCommitElsewhereWakesTheViewsWithoutWaitingForThePoll() {
        String planId = freshPlanId();
        String id = planId + "-1";
        // the processors have started and wait at the head (their first fetch is behind them)
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM query_view.token_entry WHERE owner IS NOT NULL", Long.class) > 0);

        transactions.executeWithoutResult(status -> storage.appendEvents(new GenericDomainEventMessage<>(
                "Measure", id, 0, new MeasureAssigned(id, planId, 1, "章节", 1, "措施", "全文", List.of("朱小丹"),
                                                      List.of("省财政厅"), LocalDate.of(2016, 10, 31), null, null),
                MetaData.with("actorId", "office-1").and("actorRole", "SUPERVISOR").and("hash", "c".repeat(64)), "e-" + id,
                Instant.parse("2016-02-01T08:00:00Z"))));
        jdbc.execute("NOTIFY " + AppendNotifications.CHANNEL);

        await().atMost(Duration.ofSeconds(10))
               .untilAsserted(() -> assertThat(queries.handle(new FindMeasure(id))).isPresent());
    }
}
