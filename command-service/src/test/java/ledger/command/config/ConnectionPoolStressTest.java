package ledger.command.config;

import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.testing.GuardedDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original symptom of a connection closed twice (a rare 500 from HikariCP's statement list in
 * appendEvents, under load): a small pool, many request threads, tens of thousands of commands.
 * Every one must be answered 200 and appended once, and every connection used by one thread and
 * closed once.
 */
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=4")
class ConnectionPoolStressTest extends LedgerApiTest {

    private static final int THREADS = 32;
    private static final int MEASURES_PER_THREAD = 2;
    private static final int COMMANDS = 20_000;

    @TestConfiguration
    static class Guard {
        @Bean
        static BeanPostProcessor guardDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource pool && !(bean instanceof GuardedDataSource)
                            ? new GuardedDataSource(pool) : bean;
                }
            };
        }
    }

    @Autowired
    DataSource dataSource;

    @Test
    void tensOfThousandsOfCommandsOnASmallPoolAreAllAcceptedAndAppendedOnce() throws Exception {
        String planId = registeredPlanId();
        ApiClient unit = unit("省府办公厅");
        for (int number = 1; number <= THREADS * MEASURES_PER_THREAD; number++) {
            assertThat(supervisor().post("/api/v1/measures", assignBody(planId, number)).status()).isEqualTo(201);
            assertThat(unit.post("/api/v1/measures/" + planId + "-" + number + "/plan", "{\"summary\":\"方案\"}")
                           .status()).isEqualTo(200);
        }
        long before = storedEvents();

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            // each thread reports on measures of its own, so no two commands race for one measure
            clients.add(threads.submit(() -> {
                ApiClient client = unit("省府办公厅");
                for (int i = 0; sent.getAndIncrement() < COMMANDS; i++) {
                    int number = thread * MEASURES_PER_THREAD + i % MEASURES_PER_THREAD + 1;
                    int status = client.post("/api/v1/measures/" + planId + "-" + number + "/progress",
                                             "{\"percentComplete\":50,\"summary\":\"进展\"}").status();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        threads.shutdown();

        assertThat(new TreeMap<>(statuses)).as("answers by status").containsOnlyKeys(200);
        assertThat(statuses.get(200).get()).isEqualTo(COMMANDS);
        assertThat(storedEvents() - before).isEqualTo(COMMANDS);
        assertThat(dataSource.unwrap(GuardedDataSource.class).violations()).isEmpty();
    }
}
