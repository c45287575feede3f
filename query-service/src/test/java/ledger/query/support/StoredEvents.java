package ledger.query.support;

import ledger.messages.MetadataKeys;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEvent;
import ledger.messages.measure.ProgressReported;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measure events stored as command-service stores them: through the storage engine, each the next
 * of its measure, then notified (its CommitNotifier's NOTIFY), so that this service's processors,
 * its outbox and its stream take them as they would take a command's.
 */
public final class StoredEvents {

    /** command-service's CommitNotifier.CHANNEL, which AppendNotifications listens on. */
    private static final String CHANNEL = "ledger_events_appended";
    private static final Instant AT = Instant.parse("2016-08-01T08:00:00Z");

    private final EventStorageEngine storage;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();

    public StoredEvents(ApplicationContext context) {
        this.storage = context.getBean(EventStorageEngine.class);
        this.transactions = context.getBean(TransactionTemplate.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
    }

    /** Measure {@code number} of the plan assigned to these lead units; its global position. */
    public long assigned(String planId, int number, String... leadUnits) {
        String id = planId + "-" + number;
        return store(new MeasureAssigned(id, planId, 1, "第一部分", number, "措施" + number, "全文", List.of("朱小丹"),
                                         List.of(leadUnits), LocalDate.of(2016, 10, 31), null, null));
    }

    /** A progress report of the measure; its global position. */
    public long reported(String measureId, int percent) {
        return store(new ProgressReported(measureId, percent, "进展" + percent, List.of(), null));
    }

    private long store(MeasureEvent event) {
        String eventId = UUID.randomUUID().toString();
        long sequence = sequences.merge(event.measureId(), 0L, (last, zero) -> last + 1);
        transactions.executeWithoutResult(status -> storage.appendEvents(new GenericDomainEventMessage<>(
                "Measure", event.measureId(), sequence, event,
                MetaData.with(MetadataKeys.ACTOR_ID, "office-1").and(MetadataKeys.ACTOR_ROLE, "SUPERVISOR")
                        .and("hash", "c".repeat(64)), eventId, AT.plusSeconds(sequence))));
        jdbc.execute("NOTIFY " + CHANNEL);
        return jdbc.queryForObject("SELECT global_index FROM event_store.domain_event_entry WHERE event_identifier = ?",
                                   Long.class, eventId);
    }
}
