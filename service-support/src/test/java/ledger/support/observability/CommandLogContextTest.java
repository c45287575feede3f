package ledger.support.observability;

import ledger.messages.MetadataKeys;
import ledger.messages.measure.ReportProgress;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command handled anywhere (sent over Axon, not only over HTTP) logs with its correlation id,
 * actor and measure, and leaves the thread's log context as it found it.
 */
class CommandLogContextTest {

    @Test
    void whileACommandIsHandledTheLogContextNamesItsCorrelationIdActorAndMeasure() throws Exception {
        CommandMessage<ReportProgress> command = GenericCommandMessage
                .<ReportProgress>asCommandMessage(new ReportProgress("gd-2016-18", 40, "进展", null, null, null))
                .withMetaData(MetaData.with(MetadataKeys.CORRELATION_ID, "corr-1")
                                      .and(MetadataKeys.ACTOR_ID, "clerk-7")
                                      .and(MetadataKeys.ACTOR_ROLE, "UNIT"));
        MDC.put("other", "kept");
        Map<String, String> during = new HashMap<>();
        DefaultUnitOfWork<CommandMessage<ReportProgress>> unitOfWork = DefaultUnitOfWork.startAndGet(command);
        try {
            new CommandLogContext().handle(unitOfWork, () -> {
                during.putAll(MDC.getCopyOfContextMap());
                return null;
            });
        } finally {
            unitOfWork.commit();
        }
        assertThat(during).containsEntry(LogContext.CORRELATION_ID, "corr-1")
                          .containsEntry(LogContext.ACTOR_ID, "clerk-7")
                          .containsEntry(LogContext.ACTOR_ROLE, "UNIT")
                          .containsEntry(LogContext.MEASURE_ID, "gd-2016-18")
                          .containsEntry("other", "kept");
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("other", "kept"));
        MDC.clear();
    }
}
