package ledger.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ledger beside raw PostgreSQL, every figure next to its baseline from the same run (issue 8).
 * Driven by bench/run.sh, in two steps:
 * <ul>
 *   <li>{@code load}: with the services stopped, writes the synthetic ledger (measures × events)
 *       into the event store;</li>
 *   <li>{@code run}: against the restarted services, measures a full projection rebuild beside a
 *       raw ordered scan, query latencies, commands over HTTP beside raw INSERT+COMMIT at several
 *       concurrencies, commands at a fixed rate with the projection visibility lag, and each
 *       service's start-up time and resident memory. Prints a Markdown table, writes JSON.</li>
 * </ul>
 * Settings come from the environment (see bench/run.sh).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRESS_SUMMARY = "按倒排时间进度表推进，已完成阶段性任务。";

    private final Http http = new Http();
    private final String commandUrl = env("BENCH_COMMAND_URL", "http://localhost:18080");
    private final String queryUrl = env("BENCH_QUERY_URL", "http://localhost:18081");
    private final String dbUrl = env("BENCH_DB_URL", "jdbc:postgresql://localhost:55433/ledger");
    private final String dbUser = env("BENCH_DB_USER", "postgres");
    private final String dbPassword = env("BENCH_DB_PASSWORD", "");
    private final int measures = Integer.parseInt(env("BENCH_MEASURES", "10000"));
    private final int eventsPerMeasure = Integer.parseInt(env("BENCH_EVENTS_PER_MEASURE", "100"));
    private final Duration phase = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10")));
    /** Unrecorded load first, so that the services' JIT has compiled the command path. */
    private final Duration warmUp = Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "20")));
    private final int rate = Integer.parseInt(env("BENCH_RATE", "500"));
    private final Duration rateLength = Duration.ofSeconds(Long.parseLong(env("BENCH_RATE_SECONDS", "20")));
    /** One command in this many is followed until the query API shows it. */
    private final int lagSampling = Integer.parseInt(env("BENCH_LAG_SAMPLING", "50"));
    /** Dashboards' streams open during the second fixed-rate run (0: no such run). */
    private final int streams = Integer.parseInt(env("BENCH_STREAMS", "300"));
    private final List<Integer> concurrencies = List.of(env("BENCH_CONCURRENCY", "1,8,32").split(",")).stream()
                                                    .map(String::strip).map(Integer::parseInt).toList();
    private final Path dataDirectory = Path.of(env("LEDGER_DATA", "/tmp/ledger-bench"));

    private final Report report = new Report();

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark();
        switch (args.length == 0 ? "" : args[0]) {
            case "load" -> benchmark.load();
            case "run" -> benchmark.run(Path.of(env("BENCH_OUTPUT", "bench-result.json")));
            default -> {
                System.err.println("usage: Benchmark load | run   (bench/run.sh runs both)");
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- load

    private void load() throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            long written = new SyntheticLedger().write(connection, measures, eventsPerMeasure);
            // the views are rebuilt in the run, by a replay: until then their processors wait at the head
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        UPDATE query_view.token_entry
                           SET token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken',
                               token = convert_to('{"index":' || (SELECT max(global_index) FROM event_store.domain_event_entry)
                                                  || ',"gaps":[]}', 'UTF8')""");
                statement.execute("ANALYZE event_store.domain_event_entry");
            }
            System.out.printf(Locale.ROOT, "synthetic ledger: %,d measures, %,d events written in %.1f s%n",
                              measures, written, (System.nanoTime() - start) / 1e9);
        }
    }

    // ----------------------------------------------------------------------------------------- run

    private void run(Path output) throws Exception {
        long events = count("SELECT count(*) FROM event_store.domain_event_entry");
        String scale = String.format(Locale.ROOT, "%,d measures, %,d events", countMeasures(), events);
        checkChain();
        rebuild(events, scale);
        queries(scale);
        commands();
        fixedRate();
        services();
        System.out.println(report.markdown());
        Files.writeString(output, report.json(Map.of(
                "date", Instant.now().toString(),
                "machine", env("BENCH_MACHINE", "unknown"),
                "scale", scale,
                "phaseSeconds", phase.toSeconds(),
                "warmUpSeconds", warmUp.toSeconds(),
                "rateSeconds", rateLength.toSeconds())));
        System.out.println("\nJSON: " + output);
    }

    /** The synthetic events must be what the ledger itself would store: the auditor's check says so. */
    private void checkChain() throws IOException {
        Http.Response answer = http.get(queryUrl + "/api/v1/audit/verify?measureId="
                                          + SyntheticLedger.measureId(measures), token("AUDITOR"));
        JsonNode verification = JSON.readTree(answer.body());
        if (answer.status() != 200 || !verification.path("intact").asBoolean()) {
            throw new IllegalStateException("the synthetic ledger does not verify: " + answer.body());
        }
    }

    private void rebuild(long events, String scale) throws Exception {
        long scanStart = System.nanoTime();
        long scanned = rawScan();
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;

        long start = System.nanoTime();
        Http.Response replay = http.post(queryUrl + "/api/v1/admin/projections/replay", "", token("ADMIN"));
        if (replay.status() / 100 != 2) {
            throw new IllegalStateException("replay refused: " + replay.status() + " " + replay.body());
        }
        while (!rebuilt()) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double ledgerRate = events / seconds;
        double rawRate = scanned / scanSeconds;
        report.add(new Report.Row("full rebuild of every projection", scale,
                                  Report.format("%.1f s (%,.0f events/s)", seconds, ledgerRate),
                                  Report.format("raw ordered scan + JSON decode: %.1f s (%,.0f rows/s)",
                                                scanSeconds, rawRate),
                                  ledgerRate / rawRate, "≥ 0.2x, 1M events ≤ 15 s", ledgerRate / rawRate >= 0.2,
                                  Map.of("seconds", seconds, "eventsPerSecond", ledgerRate,
                                         "rawSeconds", scanSeconds, "rawRowsPerSecond", rawRate)));
    }

    private boolean rebuilt() throws IOException {
        JsonNode statuses = JSON.readTree(http.get(queryUrl + "/api/v1/admin/projections", token("ADMIN")).body());
        boolean done = statuses.size() > 0;
        for (JsonNode status : statuses) {
            done &= status.path("running").asBoolean() && !status.path("replaying").asBoolean()
                    && status.path("lag").asLong() == 0;
        }
        return done;
    }

    /** Every stored event in order, payload and metadata decoded: what a rebuild cannot do with less. */
    private long rawScan() throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            connection.setAutoCommit(false);
            try (PreparedStatement scan = connection.prepareStatement("""
                    SELECT global_index, aggregate_identifier, sequence_number, payload_type, payload, meta_data
                    FROM event_store.domain_event_entry ORDER BY global_index""")) {
                scan.setFetchSize(1000);
                long rows = 0;
                try (ResultSet rs = scan.executeQuery()) {
                    while (rs.next()) {
                        JsonNode payload = JSON.readTree(rs.getBytes(5));
                        JsonNode metadata = JSON.readTree(rs.getBytes(6));
                        if (payload.isObject() && metadata.isObject()) {
                            rows++;
                        }
                    }
                }
                connection.commit();
                return rows;
            }
        }
    }

    private void queries(String scale) throws Exception {
        String reader = token("READER");
        String plan = "planId=" + SyntheticLedger.PLAN;
        String unit = URLEncoder.encode(SyntheticLedger.CLERK_UNIT, StandardCharsets.UTF_8);
        Map<String, Load.Operation> queries = new LinkedHashMap<>();
        queries.put("status view: GET /measures/{id}",
                    () -> http.get(queryUrl + "/api/v1/measures/" + randomMeasure(), reader).status() == 200);
        queries.put("measures list: GET /measures?planId&page (50 a page)",
                    () -> http.get(queryUrl + "/api/v1/measures?" + plan + "&size=50&page="
                              + ThreadLocalRandom.current().nextInt(Math.max(1, measures / 50)), reader)
                                  .status() == 200);
        queries.put("measures list filtered: ?unit&status&urgency",
                    () -> http.get(queryUrl + "/api/v1/measures?" + plan + "&unit=" + unit
                              + "&status=IN_PROGRESS&urgency=NONE&size=50", reader).status() == 200);
        queries.put("dashboard: GET /dashboard/summary",
                    () -> http.get(queryUrl + "/api/v1/dashboard/summary?" + plan, reader).status() == 200);
        queries.put("dashboard: GET /dashboard/units",
                    () -> http.get(queryUrl + "/api/v1/dashboard/units?" + plan, reader).status() == 200);
        for (var query : queries.entrySet()) {
            Load.closedLoop(1, phase, query.getValue()); // warm-up: the JIT compiles each query path first
            Load.Outcome outcome = Load.closedLoop(1, phase, query.getValue());
            // issue 8 sets a goal for the status view and the dashboards, none for the lists
            boolean goal = !query.getKey().startsWith("measures list");
            report.add(new Report.Row(query.getKey(), scale + ", one client", Report.latencies(outcome), "", null,
                                      goal ? "p99 ≤ 10 ms" : null,
                                      goal ? outcome.p99() <= 10 && outcome.errors() == 0 : null,
                                      Report.figures(outcome)));
        }
    }

    private void commands() throws Exception {
        // every measure's first command after the start loads its history; the phases after this
        // one measure the steady state, with every measure in command-service's cache
        Load.Outcome first = Load.forEach(8, measures, n -> reportProgress(SyntheticLedger.measureId(n)));
        report.add(new Report.Row("first command on each measure since the start (loads its history)",
                                  Report.format("%,d measures of %d events, concurrency 8", measures, eventsPerMeasure),
                                  Report.throughput(first, "commands/s"), "", null, null, null,
                                  Report.figures(first)));
        Load.closedLoop(8, warmUp, this::reportProgress);
        for (int concurrency : concurrencies) {
            Load.Outcome ledger = Load.closedLoop(concurrency, phase, this::reportProgress);
            Load.Outcome raw = rawInserts(concurrency);
            double ratio = ledger.perSecond() / raw.perSecond();
            Map<String, Object> figures = new LinkedHashMap<>(Report.figures(ledger));
            figures.put("raw", Report.figures(raw));
            report.add(new Report.Row("commands over HTTP: progress reports", "concurrency " + concurrency,
                                      Report.throughput(ledger, "commands/s"),
                                      "raw INSERT+COMMIT: " + Report.throughput(raw, "rows/s"), ratio, "≥ 0.5x",
                                      ratio >= 0.5, figures));
        }
    }

    private void fixedRate() throws Exception {
        FixedRate alone = runAtFixedRate();
        report(alone, "");
        if (streams > 0) {
            fixedRateWithStreams(alone);
        }
    }

    /** What a fixed-rate run gave: its outcome, the visibility lags, the commands followed. */
    private record FixedRate(Load.Outcome outcome, org.HdrHistogram.Histogram lags, long neverSeen,
                             Map<String, Long> followed) {
    }

    private FixedRate runAtFixedRate() throws Exception {
        Recorder lag = new Recorder(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong lagErrors = new AtomicLong();
        Map<String, Long> followed = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService followers = Executors.newFixedThreadPool(16);
        String reader = token("READER");
        Load.Outcome outcome = Load.fixedRate(rate, rateLength, rateLength.plusSeconds(10), 256, () -> {
            String id = randomMeasure();
            Http.Response answer = http.post(commandUrl + "/api/v1/measures/" + id + "/progress",
                                               progressBody(), token("UNIT"));
            long acknowledged = System.nanoTime();
            if (answer.status() != 200) {
                return false;
            }
            if (sent.incrementAndGet() % lagSampling == 0) {
                long version = JSON.readTree(answer.body()).path("version").asLong();
                followed.put(id + "@" + version, acknowledged);
                followers.execute(() -> follow(id, version, acknowledged, reader, lag, lagErrors));
            }
            return true;
        });
        followers.shutdown();
        if (!followers.awaitTermination(60, TimeUnit.SECONDS)) {
            lagErrors.addAndGet(followers.shutdownNow().size());
        }
        return new FixedRate(outcome, lag.getIntervalHistogram(), lagErrors.get(), followed);
    }

    private void report(FixedRate run, String withStreams) {
        Load.Outcome outcome = run.outcome();
        var lags = run.lags();
        String setting = rate + " commands/s for " + rateLength.toSeconds() + " s" + withStreams;
        boolean sustained = outcome.errors() == 0 && outcome.perSecond() >= rate * 0.95;
        report.add(new Report.Row("commands at a fixed rate: latency", setting,
                                  Report.format("%,.0f commands/s done; ", outcome.perSecond())
                                  + Report.latencies(outcome) + (outcome.errors() > 0
                                          ? Report.format("; %,d failed or abandoned", outcome.errors()) : ""),
                                  "", null, "p99 ≤ 25 ms", sustained && outcome.p99() <= 25,
                                  Report.figures(outcome)));
        double lagP50 = lags.getValueAtPercentile(50) / 1e6;
        double lagP99 = lags.getValueAtPercentile(99) / 1e6;
        report.add(new Report.Row("projection visibility lag: acknowledged → shown by GET /measures/{id}",
                                  setting + ", 1 in " + lagSampling + " followed (polled every 10 ms)",
                                  Report.format("p50 %.1f ms, p99 %.1f ms (%,d followed%s)", lagP50, lagP99,
                                                lags.getTotalCount(), run.neverSeen() > 0
                                                        ? Report.format(", %,d never seen", run.neverSeen()) : ""),
                                  "", null, "p99 ≤ 200 ms", run.neverSeen() == 0 && lagP99 <= 200,
                                  Map.of("p50", lagP50, "p99", lagP99, "followed", lags.getTotalCount(),
                                         "neverSeen", run.neverSeen())));
    }

    /**
     * The same fixed rate again with several hundred dashboards' streams open on the plan the
     * commands change, each receiving every change: the projection's lag beside the run without
     * them, and how long a change takes from its acknowledgment to an open stream.
     */
    private void fixedRateWithStreams(FixedRate alone) throws Exception {
        try (StreamLoad open = new StreamLoad(URI.create(queryUrl + "/api/v1/stream?planId=" + SyntheticLedger.PLAN),
                                              token("READER"), streams)) {
            if (!open.awaitReady(60)) {
                throw new IllegalStateException("not every stream opened within 60 s");
            }
            FixedRate run = runAtFixedRate();
            String with = Report.format(", %,d streams open", streams);
            report(run, with);
            double aloneP99 = alone.lags().getValueAtPercentile(99) / 1e6;
            double withP99 = run.lags().getValueAtPercentile(99) / 1e6;
            report.add(new Report.Row("projection lag p99 with streams open vs without", rate + " commands/s" + with,
                                      Report.format("%.1f ms", withP99), Report.format("%.1f ms", aloneP99),
                                      aloneP99 == 0 ? null : withP99 / aloneP99, "not slower (≤ 1.2×)",
                                      run.neverSeen() == 0 && withP99 <= Math.max(aloneP99 * 1.2, aloneP99 + 5),
                                      Map.of("withStreams", withP99, "withoutStreams", aloneP99)));
            Recorder delivery = new Recorder(3);
            long missing = 0;
            for (Map.Entry<String, Long> command : run.followed().entrySet()) {
                String[] idAndVersion = command.getKey().split("@");
                Long arrival = open.arrival(idAndVersion[0], Long.parseLong(idAndVersion[1]));
                if (arrival == null) {
                    missing++;
                } else {
                    delivery.recordValue(Math.max(0, arrival - command.getValue()));
                }
            }
            var deliveries = delivery.getIntervalHistogram();
            long[] perStream = open.bytesPerStream();
            double fewest = java.util.Arrays.stream(perStream).min().orElse(0) / 1e6;
            double most = java.util.Arrays.stream(perStream).max().orElse(0) / 1e6;
            double p50 = deliveries.getValueAtPercentile(50) / 1e6;
            double p99 = deliveries.getValueAtPercentile(99) / 1e6;
            report.add(new Report.Row("stream delivery: acknowledged → event on an open stream",
                                      rate + " commands/s" + with + ", 1 in " + lagSampling + " followed on one of them",
                                      Report.format("p50 %.1f ms, p99 %.1f ms (%,d followed%s); %,d measure events "
                                                    + "on the probe; %.1f–%.1f MB per stream; %,d streams lost",
                                                    p50, p99, deliveries.getTotalCount(),
                                                    missing > 0 ? Report.format(", %,d never arrived", missing) : "",
                                                    open.probedMeasureEvents(), fewest, most, open.lost()),
                                      "", null, "p99 ≤ 1 s, none lost",
                                      missing == 0 && open.lost() == 0 && p99 <= 1000,
                                      Map.of("p50", p50, "p99", p99, "followed", deliveries.getTotalCount(),
                                             "neverArrived", missing, "streams", streams,
                                             "probeMeasureEvents", open.probedMeasureEvents(),
                                             "megabytesPerStreamMin", fewest, "megabytesPerStreamMax", most,
                                             "streamsLost", open.lost())));
        }
    }

    private void follow(String id, long version, long acknowledged, String reader, Recorder lag, AtomicLong errors) {
        long giveUp = acknowledged + Duration.ofSeconds(30).toNanos();
        try {
            while (System.nanoTime() < giveUp) {
                Http.Response view = http.get(queryUrl + "/api/v1/measures/" + id, reader);
                if (view.status() == 200 && JSON.readTree(view.body()).path("version").asLong() >= version) {
                    lag.recordValue(System.nanoTime() - acknowledged);
                    return;
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        } catch (IOException e) {
            // counted below
        }
        errors.incrementAndGet();
    }

    /** Start-up from each service's own log line; resident memory now, after the load, and its peak. */
    private void services() throws IOException {
        Pattern started = Pattern.compile("Started \\w+ in [\\d.]+ seconds \\(process running for ([\\d.]+)\\)");
        for (String service : List.of("command-service", "query-service")) {
            Path log = dataDirectory.resolve("logs").resolve(service + ".log");
            Double seconds = null;
            for (String line : Files.readAllLines(log)) {
                Matcher m = started.matcher(line);
                if (m.find()) {
                    seconds = Double.parseDouble(m.group(1));
                }
            }
            String pid = Files.readString(dataDirectory.resolve("run").resolve(service + ".pid")).strip();
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            report.add(new Report.Row(service + ": start-up", "last start, with the synthetic ledger in place",
                                      seconds == null ? "not found in its log" : Report.format("%.1f s", seconds),
                                      "", null, "≤ 8 s", seconds != null && seconds <= 8,
                                      Map.of("seconds", seconds == null ? -1 : seconds)));
            report.add(new Report.Row(service + ": resident memory", "after every phase above",
                                      Report.format("%,d MB now, %,d MB peak", rss, peak), "", null, "≤ 512 MB",
                                      peak <= 512, Map.of("rssMegabytes", rss, "peakRssMegabytes", peak)));
        }
    }

    // ----------------------------------------------------------------------------------- commands

    private boolean reportProgress() throws IOException {
        return reportProgress(randomMeasure());
    }

    private boolean reportProgress(String measureId) throws IOException {
        return http.post(commandUrl + "/api/v1/measures/" + measureId + "/progress", progressBody(),
                    token("UNIT")).status() == 200;
    }

    private static String progressBody() {
        return "{\"percentComplete\":" + ThreadLocalRandom.current().nextInt(100) + ",\"summary\":\""
               + PROGRESS_SUMMARY + "\"}";
    }

    private String randomMeasure() {
        return SyntheticLedger.measureId(1 + ThreadLocalRandom.current().nextInt(measures));
    }

    /** Rows of the stored events' shape, one per transaction, into a table like the event table. */
    private Load.Outcome rawInserts(int concurrency) throws SQLException, InterruptedException {
        try (Connection setup = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS public.bench_raw_event");
            // same columns and indexes, its own sequence: the event store's must not get gaps from here
            statement.execute("""
                    CREATE TABLE public.bench_raw_event
                        (LIKE event_store.domain_event_entry INCLUDING ALL EXCLUDING DEFAULTS)""");
            statement.execute("ALTER TABLE public.bench_raw_event ALTER COLUMN global_index ADD GENERATED ALWAYS AS IDENTITY");
        }
        byte[] metadata = ("{\"actorId\":\"bench-clerk\",\"actorRole\":\"UNIT\",\"actorUnit\":\"省政府办公厅\","
                           + "\"correlationId\":\"" + UUID.randomUUID() + "\",\"hash\":\"" + "0".repeat(64) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] payload = ("{\"measureId\":\"bench-plan-1\",\"percentComplete\":42,\"summary\":\"" + PROGRESS_SUMMARY
                          + "\",\"evidence\":[],\"milestone\":null}").getBytes(StandardCharsets.UTF_8);
        List<Connection> connections = new ArrayList<>();
        ThreadLocal<PreparedStatement> statements = ThreadLocal.withInitial(() -> {
            try {
                Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
                synchronized (connections) {
                    connections.add(connection);
                }
                return connection.prepareStatement("""
                        INSERT INTO public.bench_raw_event (aggregate_identifier, sequence_number, type,
                            event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                        VALUES (?, ?, 'Measure', ?, ?, ?, '2', 'ProgressReported', ?)""");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return Load.closedLoop(concurrency, phase, () -> {
                PreparedStatement insert = statements.get();
                insert.setString(1, "raw-" + Thread.currentThread().getId());
                insert.setLong(2, ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
                insert.setString(3, UUID.randomUUID().toString());
                insert.setBytes(4, metadata);
                insert.setBytes(5, payload);
                insert.setString(6, Instant.now().toString());
                return insert.executeUpdate() == 1;
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    private long countMeasures() throws SQLException {
        return count("SELECT count(*) FROM event_store.domain_event_entry WHERE sequence_number = 0");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String token(String role) {
        return env("BENCH_" + role + "_TOKEN", null);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
