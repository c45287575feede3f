package ledger.query.notify;

import ledger.messages.measure.MeasureAssigned;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The notifications' tracking processor ({@value #PROCESSING_GROUP}, its own token): it takes every
 * event, of whatever type (new types need no change here: subscriptions match type names), and
 * when its batch commits, the outbox rows for the subscriptions that want them are written in the
 * same transaction as the token (OutboxWriter). It sends nothing itself, so a slow receiver slows
 * no view and a restart neither loses nor repeats a row. It is never replayed: a replay would send
 * the whole history again.
 */
@Component
@DisallowReplay
@ProcessingGroup(OutboxProcessor.PROCESSING_GROUP)
@ConditionalOnProperty(name = "ledger.webhooks.enabled", havingValue = "true", matchIfMissing = true)
public class OutboxProcessor {

    public static final String PROCESSING_GROUP = "webhook-outbox";
    private static final String BATCH = OutboxProcessor.class.getName() + ".batch";

    private final OutboxWriter writer;

    public OutboxProcessor(OutboxWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    public void on(MeasureAssigned assigned, DomainEventMessage<?> message) {
        seen(message, assigned.leadUnits());
    }

    /** Any other event: its payload is never read, so it is never deserialized here. */
    @EventHandler(payloadType = Object.class)
    public void on(DomainEventMessage<?> message) {
        seen(message, null);
    }

    private void seen(DomainEventMessage<?> message, List<String> leadUnits) {
        OutboxWriter.Seen seen = new OutboxWriter.Seen(message.getIdentifier(), message.getAggregateIdentifier(),
                                                       message.getSequenceNumber(), leadUnits);
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
            unitOfWork.<List<OutboxWriter.Seen>>getOrComputeResource(BATCH, key -> {
                List<OutboxWriter.Seen> batch = new ArrayList<>();
                unitOfWork.onPrepareCommit(u -> writer.write(batch));
                return batch;
            }).add(seen);
        } else {
            writer.write(List.of(seen));
        }
    }
}
