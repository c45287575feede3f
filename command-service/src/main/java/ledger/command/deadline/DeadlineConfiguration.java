package ledger.command.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import ledger.command.measure.DeadlinePayloads;
import ledger.command.measure.DeadlinePolicy;
import ledger.command.measure.MeasureDeadlines;
import ledger.messages.eventstore.StoredTypeNames;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Deadlines on db-scheduler: Axon's DbSchedulerDeadlineManager (auto-configured once a Scheduler
 * exists) keeps them in {@code event_store.scheduled_tasks}, so a deadline scheduled before a
 * restart fires after it, once, whichever node picks it. db-scheduler was chosen over JobRunr and
 * Quartz because Axon 4.13 ships its deadline manager, it needs one plain table, and it runs on
 * the DataSource the service already has. Its time is the service's injected Clock.
 */
@Configuration
public class DeadlineConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock(@Value("${ledger.zone:Asia/Shanghai}") ZoneId zone) {
        return Clock.system(zone);
    }

    /** Deadline payloads are stored under logical names, as events are (see DeadlinePayloads). */
    @Bean
    public StoredTypeNames deadlinePayloadNames() {
        return DeadlinePayloads.NAMES;
    }

    /** Replaces the auto-configured task of the same qualifier: see DeadlineTask. */
    @Bean
    @Qualifier("deadlineDetailsTask")
    public Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(
            ApplicationContext context, @Value("${ledger.commands.append-retries:4}") int appendRetries) {
        return DeadlineTask.retrying(() -> context.getBean(DbSchedulerDeadlineManager.class), appendRetries);
    }

    /** The office's chain: lead times of reminders (a plan may set its own), urging, levels. */
    @Bean
    public DeadlinePolicy deadlinePolicy(@Value("${ledger.zone:Asia/Shanghai}") ZoneId zone,
                                         @Value("${ledger.deadlines.re-escalate-after:P14D}") Duration reEscalateAfter,
                                         Clock clock,
                                         @Value("${ledger.deadlines.remind-days-before:7,1}") List<Integer> remindDaysBefore,
                                         @Value("${ledger.deadlines.escalate-after-urging:P7D}") Duration escalateAfterUrging,
                                         @Value("${ledger.deadlines.report-after-rejection:P14D}")
                                         Duration reportAfterRejection,
                                         @Value("${ledger.deadlines.escalation-levels:3}") int escalationLevels) {
        return new DeadlinePolicy(zone, reEscalateAfter, clock, remindDaysBefore, escalateAfterUrging,
                                  reportAfterRejection, escalationLevels);
    }

    /**
     * The measure's deadlines, given to its handlers as a parameter (Axon resolves Spring beans).
     * The deadline manager is taken when first used: Axon's configuration builds it after the
     * aggregates it serves.
     */
    @Bean
    public MeasureDeadlines measureDeadlines(@Lazy DeadlineManager deadlineManager, DeadlinePolicy policy) {
        return new MeasureDeadlines(deadlineManager, policy);
    }

    /**
     * The scheduler writes through a {@link TransactionAwareDataSourceProxy}: a deadline scheduled
     * or cancelled by a command joins the command's transaction (Axon's deadline manager writes it
     * in the prepare-commit phase), so it is kept only if the command's events are, and a command
     * holds one connection, not two. Its own polling runs outside any transaction and gets plain
     * auto-commit connections, as db-scheduler's Spring Boot starter sets it up.
     */
    @Bean(destroyMethod = "")
    public Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, Clock clock,
                                       @Value("${ledger.deadlines.polling-interval:PT5S}") Duration pollingInterval) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                        .tableName("event_store.scheduled_tasks")
                        .clock(clock::instant)
                        .pollingInterval(pollingInterval)
                        .threads(2)
                        .build();
    }

    /**
     * Starts polling once the application is up, stops it first on shutdown. With
     * {@code ledger.deadlines.enabled=false} deadlines are still scheduled but never fire here
     * (tests that count events; a node that should leave deadlines to the others).
     */
    @Bean
    public SmartLifecycle deadlineSchedulerLifecycle(Scheduler scheduler,
                                                     @Value("${ledger.deadlines.enabled:true}") boolean enabled) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (enabled) {
                    scheduler.start();
                }
                running = true;
            }

            @Override
            public void stop() {
                if (enabled) {
                    scheduler.stop();
                }
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
