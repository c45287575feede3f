package ledger.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commands over HTTP (progress reports across many measures) at several concurrencies, beside
 * the raw baseline measured in the same run: plain JDBC inserting rows of the stored events'
 * shape, one row per transaction, at the same concurrencies. Prints a Markdown table and writes
 * the figures as JSON. Settings from the environment (see bench/run.sh).
 */
public final class CommandBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String commandUrl = env("BENCH_COMMAND_URL", "http://localhost:18080");
    private final String dbUrl = env("BENCH_DB_URL", "jdbc:postgresql://localhost:55433/ledger");
    private final String supervisorToken = env("BENCH_SUPERVISOR_TOKEN", null);
    private final String unitToken = env("BENCH_UNIT_TOKEN", null);
    private final Duration phase = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10")));
    /** Unrecorded load first, so that the services' JIT has compiled the command path. */
    private final Duration warmUp = Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "20")));
    private final int measures = Integer.parseInt(env("BENCH_MEASURES", "200"));
    private final List<Integer> concurrencies = List.of(env("BENCH_CONCURRENCY", "1,8,32").split(",")).stream()
                                                    .map(String::strip).map(Integer::parseInt).toList();

    public static void main(String[] args) throws Exception {
        new CommandBenchmark().run(Path.of(env("BENCH_OUTPUT", "bench-result.json")));
    }

    private record Result(String path, int concurrency, long operations, double perSecond, double p50, double p99,
                          double p999, long errors) {
    }

    private void run(Path output) throws Exception {
        List<String> ids = createMeasures();
        measure("warm-up", 8, () -> reportProgress(ids), warmUp);
        List<Result> results = new ArrayList<>();
        for (int concurrency : concurrencies) {
            results.add(measure("ledger: progress report over HTTP", concurrency, () -> reportProgress(ids)));
            results.add(rawBaseline(concurrency));
        }
        StringBuilder table = new StringBuilder("""
                | path | concurrency | operations | per second | p50 ms | p99 ms | p99.9 ms | errors |
                | --- | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (Result r : results) {
            table.append(String.format("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %d |%n", r.path(), r.concurrency(),
                                       r.operations(), r.perSecond(), r.p50(), r.p99(), r.p999(), r.errors()));
        }
        for (int concurrency : concurrencies) {
            double ledger = results.stream().filter(r -> r.concurrency() == concurrency && r.path().startsWith("ledger"))
                                   .findFirst().orElseThrow().perSecond();
            double raw = results.stream().filter(r -> r.concurrency() == concurrency && r.path().startsWith("raw"))
                                .findFirst().orElseThrow().perSecond();
            table.append(String.format("%nledger/raw at concurrency %d: %.2fx", concurrency, ledger / raw));
        }
        System.out.println(table);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phaseSeconds", phase.toSeconds());
        json.put("measures", measures);
        json.put("results", results);
        Files.writeString(output, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** One operation; true when it succeeded. */
    private interface Operation {
        boolean run() throws Exception;
    }

    private Result measure(String path, int concurrency, Operation operation) throws InterruptedException {
        return measure(path, concurrency, operation, phase);
    }

    private Result measure(String path, int concurrency, Operation operation, Duration length)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        long end = System.nanoTime() + length.toNanos();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        if (!operation.run()) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    recorder.recordValue(System.nanoTime() - start);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram histogram = recorder.getIntervalHistogram();
        long operations = histogram.getTotalCount();
        return new Result(path, concurrency, operations, operations / (double) length.toSeconds(),
                          histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                          histogram.getValueAtPercentile(99.9) / 1e6, errors.get());
    }

    private List<String> createMeasures() throws IOException, InterruptedException {
        String planId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int number = 1; number <= measures; number++) {
            post("/api/v1/measures", """
                    {"planId":"%s","section":1,"number":%d,"title":"基准措施","leaders":["朱小丹"],
                     "leadUnits":["省府办公厅"],"dueDate":"2099-12-31"}""".formatted(planId, number), supervisorToken);
            String id = planId + "-" + number;
            post("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}", unitToken);
            ids.add(id);
        }
        return ids;
    }

    private boolean reportProgress(List<String> ids) throws IOException, InterruptedException {
        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        int percent = ThreadLocalRandom.current().nextInt(100);
        return post("/api/v1/measures/" + id + "/progress",
                    "{\"percentComplete\":" + percent + ",\"summary\":\"按倒排时间进度表推进，已完成阶段性任务。\"}",
                    unitToken) == 200;
    }

    private int post(String path, String body, String token) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(URI.create(commandUrl + path))
                           .header("Content-Type", "application/json")
                           .header("Authorization", "Bearer " + token)
                           .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }

    /** Rows of the stored events' shape, one per transaction, into a table of the same columns. */
    private Result rawBaseline(int concurrency) throws SQLException, InterruptedException {
        try (Connection setup = DriverManager.getConnection(dbUrl, "postgres", "")) {
            setup.createStatement().execute("""
                    CREATE TABLE IF NOT EXISTS public.bench_raw_event (LIKE event_store.domain_event_entry INCLUDING ALL)""");
        }
        ThreadLocal<PreparedStatement> statements = ThreadLocal.withInitial(() -> {
            try {
                Connection connection = DriverManager.getConnection(dbUrl, "postgres", "");
                return connection.prepareStatement("""
                        INSERT INTO public.bench_raw_event (aggregate_identifier, sequence_number, type,
                            event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                        VALUES (?, ?, 'Measure', ?, ?, ?, '2', 'ProgressReported', ?)""");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] metadata = "{\"actorId\":\"clerk-1\",\"actorRole\":\"UNIT\",\"actorUnit\":\"省政府办公厅\",\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] payload = "{\"measureId\":\"bench-1\",\"percentComplete\":42,\"summary\":\"按倒排时间进度表推进，已完成阶段性任务。\",\"evidence\":[],\"milestone\":null}"
                .getBytes(StandardCharsets.UTF_8);
        return measure("raw: INSERT + COMMIT, one event-shaped row", concurrency, () -> {
            PreparedStatement insert = statements.get();
            insert.setString(1, "raw-" + Thread.currentThread().getId());
            insert.setLong(2, ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
            insert.setString(3, UUID.randomUUID().toString());
            insert.setBytes(4, metadata);
            insert.setBytes(5, payload);
            insert.setString(6, java.time.Instant.now().toString());
            return insert.executeUpdate() == 1;
        });
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
