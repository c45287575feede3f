package ledger.command.deadline;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Axon's db-scheduler deadline task, tried again at once when its handler loses an append race.
 * Only one node runs a due deadline (db-scheduler claims it in the table), but the measure it
 * escalates may have been moved on by another node since this node cached it: the append then
 * fails, the rollback evicts the cached copy, and the next try decides on the stored measure.
 * Without this the deadline would wait for db-scheduler's retry, minutes later.
 */
final class DeadlineTask {

    /** The name Axon's DbSchedulerDeadlineManager gives the tasks it schedules. */
    static final String TASK_NAME = "AxonDeadline";

    private static final Logger log = LoggerFactory.getLogger(DeadlineTask.class);

    private DeadlineTask() {
    }

    static Task<DbSchedulerBinaryDeadlineDetails> retrying(Supplier<DbSchedulerDeadlineManager> deadlineManager,
                                                           int appendRetries) {
        Task<DbSchedulerBinaryDeadlineDetails> axonTask = DbSchedulerDeadlineManager.binaryTask(deadlineManager);
        return Tasks.oneTime(TASK_NAME, DbSchedulerBinaryDeadlineDetails.class)
                    .execute((instance, context) -> {
                        for (int tries = 1; ; tries++) {
                            try {
                                axonTask.execute(instance, context);
                                return;
                            } catch (RuntimeException e) {
                                if (!lostAppendRace(e) || tries > appendRetries) {
                                    throw e;
                                }
                                log.debug("deadline {} lost an append race (try {}); deciding again",
                                          instance.getId(), tries);
                            }
                        }
                    });
    }

    private static boolean lostAppendRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
