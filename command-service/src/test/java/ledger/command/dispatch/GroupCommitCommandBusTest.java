package ledger.command.dispatch;

import ledger.messages.CommandRejection;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The group commit bus on its own: a recording transaction manager stands in for the database,
 * a handler records the transaction each command was decided in. The first command of a test
 * holds its lane until the others are queued behind it, so that they form one group.
 */
class GroupCommitCommandBusTest {

    /** A command on one measure; {@code outcome} says what its handler does. */
    record Cmd(String measureId, String outcome) {
    }

    private final RecordingTransactions transactions = new RecordingTransactions();
    private final Map<String, Integer> decidedIn = new ConcurrentHashMap<>();
    private final List<String> answeredAfterCommitOf = new CopyOnWriteArrayList<>();
    private final CountDownLatch holdFirst = new CountDownLatch(1);
    private GroupCommitCommandBus bus;

    private void start(int lanes) {
        bus = new GroupCommitCommandBus(SimpleCommandBus.builder(), transactions,
                                        m -> ((Cmd) m.getPayload()).measureId(), lanes, 100);
        bus.subscribe(Cmd.class.getName(), message -> {
            Cmd cmd = (Cmd) message.getPayload();
            if (cmd.outcome().equals("hold")) {
                holdFirst.await(10, TimeUnit.SECONDS);
            }
            decidedIn.put(cmd.measureId(), transactions.current());
            return switch (cmd.outcome()) {
                case "refuse" -> throw new CommandExecutionException("refused", null,
                                                                     CommandRejection.invalid("refused"));
                case "throw" -> throw new IllegalStateException("a rule that threw");
                case "race" -> {
                    // the append of this command fails at the commit, as a lost race does
                    CurrentUnitOfWork.get().onPrepareCommit(u -> {
                        if (transactions.current() != transactions.firstOf(cmd.measureId())) {
                            return; // on its own, the second time, it wins
                        }
                        throw new ConcurrencyException("another node appended first");
                    });
                    yield "ok " + cmd.measureId();
                }
                case "db-down" -> {
                    CurrentUnitOfWork.get().onPrepareCommit(u -> {
                        throw new DataAccessResourceFailureException("the database went away");
                    });
                    yield "ok";
                }
                default -> "ok " + cmd.measureId();
            };
        });
    }

    @AfterEach
    void stop() {
        holdFirst.countDown();
        bus.shutDown();
    }

    private CompletableFuture<CommandResultMessage<?>> send(Cmd cmd) {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        CommandCallback<Cmd, Object> callback = (c, result) -> {
            answeredAfterCommitOf.add(cmd.measureId() + "@" + transactions.committed());
            answer.complete(result);
        };
        bus.dispatch(GenericCommandMessage.asCommandMessage(cmd), callback);
        return answer;
    }

    /** Holds the lane with a first command, queues the others behind it, then lets them go. */
    private List<CompletableFuture<CommandResultMessage<?>>> group(Cmd... cmds) {
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        answers.add(send(new Cmd("m-first", "hold")));
        await().until(() -> decidedIn.containsKey("m-first") || transactions.started() > 0);
        for (Cmd cmd : cmds) {
            answers.add(send(cmd));
        }
        holdFirst.countDown();
        answers.forEach(CompletableFuture::join);
        return answers.subList(1, answers.size());
    }

    @Test
    void commandsWaitingTogetherAreDecidedInOneTransactionAndEachAnsweredAfterItsCommit() {
        start(1);
        var answers = group(new Cmd("m1", "ok"), new Cmd("m2", "ok"), new Cmd("m3", "ok"));

        assertThat(answers).allSatisfy(a -> assertThat(a.join().isExceptional()).isFalse());
        assertThat(answers.get(1).join().getPayload()).isEqualTo("ok m2");
        int group = decidedIn.get("m1");
        assertThat(decidedIn.get("m2")).isEqualTo(group);
        assertThat(decidedIn.get("m3")).isEqualTo(group);
        assertThat(decidedIn.get("m-first")).isNotEqualTo(group);
        assertThat(transactions.commits()).isEqualTo(2); // the first alone, then the three together
        // nobody is answered before the transaction that holds its command has committed
        assertThat(answeredAfterCommitOf).contains("m1@2", "m2@2", "m3@2");
    }

    @Test
    void aRefusalFailsOnlyItsOwnCommandAndTheOthersCommitTogether() {
        start(1);
        var answers = group(new Cmd("m1", "ok"), new Cmd("m2", "refuse"), new Cmd("m3", "ok"));

        assertThat(answers.get(0).join().isExceptional()).isFalse();
        assertThat(answers.get(1).join().exceptionResult()).isInstanceOf(CommandExecutionException.class);
        assertThat(answers.get(2).join().isExceptional()).isFalse();
        assertThat(decidedIn.get("m1")).isEqualTo(decidedIn.get("m3"));
        assertThat(transactions.rollbacks()).isZero();
    }

    @Test
    void aRuleThatThrowsRollsTheGroupBackAndEachIsDecidedAgainOnItsOwn() {
        start(1);
        var answers = group(new Cmd("m1", "ok"), new Cmd("m2", "throw"), new Cmd("m3", "ok"));

        assertThat(answers.get(0).join().isExceptional()).isFalse();
        assertThat(answers.get(1).join().exceptionResult()).hasMessage("a rule that threw");
        assertThat(answers.get(2).join().isExceptional()).isFalse();
        // m1 and m3 were committed in transactions of their own, after the group's rollback
        assertThat(decidedIn.get("m1")).isNotEqualTo(decidedIn.get("m3"));
        assertThat(transactions.rollbacks()).isEqualTo(2); // the group, then m2 alone
    }

    @Test
    void aLostAppendRaceAtTheCommitFailsOnlyTheCommandThatLostIt() {
        start(1);
        var answers = group(new Cmd("m1", "ok"), new Cmd("m2", "race"), new Cmd("m3", "ok"));

        assertThat(answers).allSatisfy(a -> assertThat(a.join().isExceptional()).isFalse());
        assertThat(transactions.rollbacks()).isEqualTo(1);
        assertThat(transactions.commits()).isEqualTo(4); // the first; then m1, m2, m3 each on its own
    }

    @Test
    void aDatabaseThatFailsAtTheCommitFailsTheWholeGroupWithoutDecidingAgain() {
        start(1);
        var answers = group(new Cmd("m1", "ok"), new Cmd("m2", "db-down"), new Cmd("m3", "ok"));

        assertThat(answers).allSatisfy(a -> assertThat(a.join().exceptionResult())
                .isInstanceOf(DataAccessResourceFailureException.class));
        assertThat(transactions.started()).isEqualTo(2);
    }

    @Test
    void eachCommandOfAGroupCarriesItsOwnCorrelationData() {
        start(1);
        Map<String, Object> actors = new ConcurrentHashMap<>();
        bus.registerHandlerInterceptor(new CorrelationOncePerUnitOfWork(
                List.of(new org.axonframework.messaging.correlation.SimpleCorrelationDataProvider("actorId"))));
        bus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            Cmd cmd = (Cmd) unitOfWork.getMessage().getPayload();
            actors.put(cmd.measureId(), unitOfWork.getCorrelationData().getOrDefault("actorId", "none"));
            return result;
        });
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        answers.add(send(new Cmd("m-first", "hold")));
        await().until(() -> transactions.started() > 0);
        for (String actor : List.of("clerk-1", "clerk-2", "clerk-3")) {
            CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
            CommandCallback<Cmd, Object> callback = (c, result) -> answer.complete(result);
            bus.dispatch(GenericCommandMessage.<Cmd>asCommandMessage(new Cmd("m-" + actor, "ok"))
                                              .andMetaData(Map.of("actorId", actor)), callback);
            answers.add(answer);
        }
        holdFirst.countDown();
        answers.forEach(CompletableFuture::join);

        assertThat(decidedIn.get("m-clerk-1")).isEqualTo(decidedIn.get("m-clerk-3")); // one group
        assertThat(actors).containsEntry("m-clerk-1", "clerk-1").containsEntry("m-clerk-2", "clerk-2")
                          .containsEntry("m-clerk-3", "clerk-3");
    }

    @Test
    void oneMeasureIsAlwaysDecidedOnOneLaneInArrivalOrder() {
        start(4);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        bus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof Cmd cmd && cmd.measureId().startsWith("same")) {
                seen.add(Integer.parseInt(cmd.outcome().substring(2)));
            }
            return chain.proceed();
        });
        holdFirst.countDown();
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(send(new Cmd("same", "ok" + i)));
        }
        answers.forEach(CompletableFuture::join);
        assertThat(seen).isSorted().hasSize(200);
    }

    /** Numbers the transactions and records their ends; each measure's first transaction is kept. */
    private static final class RecordingTransactions implements TransactionManager {
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger commits = new AtomicInteger();
        private final AtomicInteger rollbacks = new AtomicInteger();
        private final AtomicInteger committed = new AtomicInteger();
        private final ThreadLocal<Integer> current = new ThreadLocal<>();
        private final Map<String, Integer> first = new ConcurrentHashMap<>();

        @Override
        public Transaction startTransaction() {
            int number = started.incrementAndGet();
            current.set(number);
            return new Transaction() {
                @Override
                public void commit() {
                    commits.incrementAndGet();
                    committed.set(number);
                }

                @Override
                public void rollback() {
                    rollbacks.incrementAndGet();
                }
            };
        }

        int current() {
            return current.get();
        }

        int firstOf(String measureId) {
            return first.computeIfAbsent(measureId, m -> current());
        }

        int started() {
            return started.get();
        }

        int commits() {
            return commits.get();
        }

        int rollbacks() {
            return rollbacks.get();
        }

        int committed() {
            return committed.get();
        }
    }
}
