package ledger.benchmark;

import ledger.rawhttp.RawHttp;
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

    private final RawHttp http = new RawHttp(120_000);
    private final String commandUrl = env("BENCH_COMMAND_URL", "http://localhost:18080");
    private final String queryUrl = env("BENCH_QUERY_URL", "http://localhost:18081");
    private final String dbUrl = env("BENCH_DB_URL", "jdbc:postgresql://localhost:15433/ledger");
    private final String dbUser = env("BENCH_DB_USER", "postgres");
    private final String dbPassword = env("BENCH_DB_PASSWORD", "");
    private final int measures = Integer.parseInt(env("BENCH_MEASURES", "10000"));
    private final int eventsPerMeasure = Integer.parseInt(env("BENCH_EVENTS_PER_MEASURE", "100"));
    private final Duration phase = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10")));
    /** Unrecorded load first, so that the services' JIT has compiled the command path. */
    private final Duration warmUp = Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "20")));
    private final int rate = Integer.parseInt(env("BENCH_RATE", "1000"));
    /** The rate of the run with streams open (issue 14's), and of the commands behind the queries. */
    private final int streamRate = Integer.parseInt(env("BENCH_STREAM_RATE", "500"));
    private final int backgroundRate = Integer.parseInt(env("BENCH_BACKGROUND_RATE", "500"));
    /** Commands in one request to the batch endpoint. */
    private final int batchSize = Integer.parseInt(env("BENCH_BATCH_SIZE", "100"));
    private final Duration rateLength = Duration.ofSeconds(Long.parseLong(env("BENCH_RATE_SECONDS", "20")));
    /** One command in this many is followed until the query API shows it. */
    private final int lagSampling = Integer.parseInt(env("BENCH_LAG_SAMPLING", "50"));
    /** Dashboards' streams open during the second fixed-rate run (0: no such run). */
    private final int streams = Integer.parseInt(env("BENCH_STREAMS", "300"));
    private final List<Integer> concurrencies = List.of(env("BENCH_CONCURRENCY", "1,8,32").split(",")).stream()
                                                    .map(String::strip).map(Integer::parseInt).toList();
    private final Path dataDirectory = Path.of(env("LEDGER_DATA", "/tmp/ledger-bench"));

    private final Report report = new Report();
    private final CommandLoad commandLoad = new CommandLoad(http, commandUrl, token("UNIT"), measures);

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark();
        switch (args.length == 0 ? "" : args[0]) {
            case "load" -> benchmark.load();
            case "run" -> benchmark.run(Path.of(env("BENCH_OUTPUT", "bench-result.json")));
            case "profile" -> benchmark.profile(Path.of(env("BENCH_OUTPUT", "bench-profile")));
            default -> {
                System.err.println("usage: Benchmark load | run | profile   (bench/run.sh runs load and run, bench/profile.sh load and profile)");
                System.exit(2);
            }
        }
    }

    private void profile(Path output) throws Exception {
        replayViews();
        new Profile(commandLoad, dataDirectory, output, dbUrl, dbUser, dbPassword).run(concurrencies, warmUp, phase);
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
        checkChains();
        rebuild(events, scale);
        queries(scale, ", one client", 1);
        commands();
        fixedRate();
        queriesUnderLoad(scale);
        services();
        recovery();
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

    /**
     * The synthetic events must be what the ledger itself would store: the auditor's check says so,
     * for the first, a middle and the last measure and two at random.
     */
    private void checkChains() throws IOException {
        List<Integer> checked = List.of(1, Math.max(1, measures / 2), measures,
                                        1 + ThreadLocalRandom.current().nextInt(measures),
                                        1 + ThreadLocalRandom.current().nextInt(measures));
        for (int n : checked) {
            RawHttp.Response answer = http.get(queryUrl + "/api/v1/audit/verify?measureId="
                                              + SyntheticLedger.measureId(n), token("AUDITOR"));
            JsonNode verification = JSON.readTree(answer.body());
            if (answer.status() != 200 || !verification.path("intact").asBoolean()) {
                throw new IllegalStateException("the synthetic ledger does not verify at measure " + n + ": "
                                                + answer.body());
            }
        }
        System.err.println("synthetic ledger: the chains of measures " + checked + " verify");
    }

    private void rebuild(long events, String scale) throws Exception {
        long scanStart = System.nanoTime();
        long scanned = rawScan();
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;

        long start = System.nanoTime();
        replayViews();
        double seconds = (System.nanoTime() - start) / 1e9;
        double ledgerRate = events / seconds;
        double rawRate = scanned / scanSeconds;
        // both halves of the goal: the ratio, and a million events in 15 s (at this rate, for a smaller run)
        double perMillion = 1_000_000 / ledgerRate;
        report.add(new Report.Row("full rebuild of every projection", scale,
                                  Report.format("%.1f s (%,.0f events/s; 1M events at this rate: %.1f s)", seconds,
                                                ledgerRate, perMillion),
                                  Report.format("raw ordered scan + JSON decode: %.1f s (%,.0f rows/s)",
                                                scanSeconds, rawRate),
                                  ledgerRate / rawRate, "≥ 0.2x, 1M events ≤ 15 s",
                                  ledgerRate / rawRate >= 0.2 && perMillion <= 15, 0L,
                                  Map.of("seconds", seconds, "eventsPerSecond", ledgerRate, "secondsPerMillion",
                                         perMillion, "rawSeconds", scanSeconds, "rawRowsPerSecond", rawRate)));
    }

    /** Every view rebuilt from the synthetic ledger (the load left their processors at the head). */
    private void replayViews() throws IOException {
        RawHttp.Response replay = http.postJson(queryUrl + "/api/v1/admin/projections/replay", "", token("ADMIN"));
        if (replay.status() / 100 != 2) {
            throw new IllegalStateException("replay refused: " + replay.status() + " " + replay.body());
        }
        while (!rebuilt()) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
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

    /** The views, one client after a warm-up of the same length; {@code setting} says what else runs. */
    private void queries(String scale, String setting, int clients) throws Exception {
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
            Load.closedLoop(clients, phase, query.getValue()); // warm-up: the JIT compiles each query path first
            Load.Outcome outcome = Load.closedLoop(clients, phase, query.getValue());
            // issue 15 sets a goal for the status view, the dashboards and the filtered list; none for paging
            boolean goal = !query.getKey().startsWith("measures list:");
            report.add(new Report.Row(query.getKey(), scale + setting, Report.latencies(outcome), "", null,
                                      goal ? "p99 ≤ 10 ms" : null, goal ? outcome.p99() <= 10 : null,
                                      outcome.errors(), Report.figures(outcome)));
        }
    }

    /** The views again while commands arrive at a fixed rate, so that their caches are not always warm. */
    private void queriesUnderLoad(String scale) throws Exception {
        Duration length = phase.multipliedBy(2 * 5).plusSeconds(5);
        var background = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Load.fixedRate(backgroundRate, length, Duration.ofSeconds(10), 256,
                                      () -> commandLoad.report().ok());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queries(scale, Report.format(", one client, while %,d commands/s arrive", backgroundRate), 1);
        Load.Outcome commands = background.join();
        report.add(new Report.Row("commands behind the queries above", backgroundRate + " commands/s",
                                  Report.format("%,.0f commands/s done; ", commands.perSecond())
                                  + Report.latencies(commands), "", null, null, null, commands.errors(),
                                  Report.figures(commands)));
    }

    private void commands() throws Exception {
        // Cold: every measure's first command since the start loads its history (half of them 8 at a
        // time, half 32); the phases after it measure the steady state, every measure cached.
        int half = measures / 2;
        coldPass("concurrency 8", 8, 1, half);
        coldPass("concurrency 32", 32, half + 1, measures);
        Load.closedLoop(8, warmUp, () -> commandLoad.report().ok());
        ProcessCpu cpu = new ProcessCpu(dataDirectory);
        for (int concurrency : concurrencies) {
            Map<String, Double> cpuBefore = cpu.seconds();
            Load.Outcome ledger = Load.closedLoop(concurrency, phase, () -> commandLoad.report().ok());
            Map<String, Double> cpuAfter = cpu.seconds();
            Load.Outcome raw = rawInserts(concurrency, phase);
            double ratio = ledger.perSecond() / raw.perSecond();
            Map<String, Object> figures = new LinkedHashMap<>(Report.figures(ledger));
            figures.put("raw", Report.figures(raw));
            // issue 15's goal is for 8 and 32 at once; one at a time is shown beside it
            boolean goal = concurrency >= 8;
            report.add(new Report.Row("commands over HTTP, steady state: progress reports (¼ Idempotency-Key, "
                                      + "¼ If-Match)", "concurrency " + concurrency,
                                      Report.throughput(ledger, "commands/s"),
                                      "raw INSERT+COMMIT: " + Report.throughput(raw, "rows/s"), ratio,
                                      goal ? "≥ 0.5x" : null, goal ? ratio >= 0.5 : null,
                                      ledger.errors() + raw.errors(), figures));
            cpuPerCommand(concurrency, cpuBefore, cpuAfter, ledger);
        }
        Load.Outcome batches = Load.closedLoop(8, phase, () -> commandLoad.batch(batchSize)).perItem(batchSize);
        Load.Outcome raw = rawInserts(8, phase);
        Map<String, Object> figures = new LinkedHashMap<>(Report.figures(batches));
        figures.put("raw", Report.figures(raw));
        report.add(new Report.Row("commands over HTTP in batches: POST /api/v1/commands",
                                  Report.format("concurrency 8, %d progress reports a request", batchSize),
                                  Report.throughput(batches, "commands/s") + " (latency of a whole batch)",
                                  "raw INSERT+COMMIT: " + Report.throughput(raw, "rows/s"),
                                  batches.perSecond() / raw.perSecond(), null, null,
                                  batches.errors() + raw.errors(), figures));
    }

    /**
     * Issue 27's figure: milliseconds of CPU per command over the three processes, warm (after the
     * cold passes and the warm-up). The views' work on the phase's last commands may fall just after
     * it, as the previous phase's fell into it.
     */
    private void cpuPerCommand(int concurrency, Map<String, Double> before, Map<String, Double> after,
                               Load.Outcome commands) {
        long done = commands.operations();   // the commands answered 2xx; the errors column counts the others
        Map<String, Object> figures = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> process : after.entrySet()) {
            Double start = before.get(process.getKey());
            if (start == null || done == 0) {
                continue;
            }
            double ms = (process.getValue() - start) * 1000 / done;
            total += ms;
            figures.put(process.getKey() + "_ms", ms);
            text.append(Report.format("%s %.2f ms, ", process.getKey(), ms));
        }
        boolean complete = after.size() == 3 && before.size() == 3;
        figures.put("total_ms", total);
        text.append(Report.format("total %.2f ms", total)).append(complete ? "" : " (PostgreSQL not measured)");
        boolean goal = concurrency == 8 && complete;
        report.add(new Report.Row("CPU per command, warm: command-service + query-service + PostgreSQL",
                                  "concurrency " + concurrency + Report.format(", %,d commands", done),
                                  text.toString(), "", null, goal ? "≤ 1.5 ms in all" : null,
                                  goal ? total <= 1.5 : null, commands.errors(), figures));
    }

    /** Measures first..last, each's first command since the start, beside raw inserts for as long. */
    private void coldPass(String setting, int concurrency, int first, int last) throws Exception {
        Load.Outcome cold = Load.forEach(concurrency, last - first + 1, n -> commandLoad.reportOn(first + n - 1));
        Duration took = Duration.ofMillis(Math.max(1000, (long) (cold.operations() / cold.perSecond() * 1000)));
        Load.Outcome raw = rawInserts(concurrency, took.compareTo(phase) < 0 ? took : phase);
        double ratio = cold.perSecond() / raw.perSecond();
        Map<String, Object> figures = new LinkedHashMap<>(Report.figures(cold));
        figures.put("raw", Report.figures(raw));
        report.add(new Report.Row("commands over HTTP, cold: each measure's first command since the start "
                                  + "(loads its history)",
                                  Report.format("%s, %,d measures of %d events", setting, last - first + 1,
                                                eventsPerMeasure),
                                  Report.throughput(cold, "commands/s"),
                                  "raw INSERT+COMMIT: " + Report.throughput(raw, "rows/s"), ratio, "≥ 0.5x",
                                  ratio >= 0.5, cold.errors() + raw.errors(), figures));
    }

    /**
     * Commands at the fixed rate, a plan of past-due measures imported meanwhile (their deadlines
     * fire during the run), then with the dashboards' streams open.
     */
    private void fixedRate() throws Exception {
        int pastDue = Integer.parseInt(env("BENCH_PAST_DUE", Integer.toString(Math.max(20, measures / 20))));
        var imported = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                return PastDuePlan.importPlan(http, commandUrl, token("SUPERVISOR"), pastDue);
            } catch (IOException e) {
                return false;
            }
        });
        long start = System.nanoTime();
        FixedRate alone = runAtFixedRate(rate);
        report(alone, rate, ", " + pastDue + " past-due measures imported meanwhile", 25, 50);
        boolean importedAll = imported.join();
        long escalated = PastDuePlan.awaitEscalations(dbUrl, dbUser, dbPassword, pastDue, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        report.add(new Report.Row("deadlines fired during the fixed rate: past-due measures urged or escalated by the ledger",
                                  Report.format("%,d measures due yesterday, imported 1 s into the run", pastDue),
                                  Report.format("%,d of %,d acted on within %.0f s of the run's start", escalated,
                                                pastDue, seconds),
                                  "", null, "every one", escalated == pastDue,
                                  (importedAll ? 0L : 1L) + (pastDue - escalated),
                                  Map.of("measures", pastDue, "escalated", escalated, "seconds", seconds)));
        if (streams > 0) {
            FixedRate reference = streamRate == rate ? alone : runAtFixedRate(streamRate);
            if (streamRate != rate) {
                report(reference, streamRate, "", 25, 200);
            }
            fixedRateWithStreams(reference);
        }
    }

    /** What a fixed-rate run gave: its outcome, the visibility lags, the commands followed. */
    private record FixedRate(Load.Outcome outcome, org.HdrHistogram.Histogram lags, long neverSeen,
                             Map<String, Long> followed) {
    }

    private FixedRate runAtFixedRate(int perSecond) throws Exception {
        Recorder lag = new Recorder(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong lagErrors = new AtomicLong();
        Map<String, Long> followed = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService followers = Executors.newFixedThreadPool(16);
        String reader = token("READER");
        Load.Outcome outcome = Load.fixedRate(perSecond, rateLength, rateLength.plusSeconds(10), 256, () -> {
            CommandLoad.Sent answer = commandLoad.report();
            long acknowledged = System.nanoTime();
            if (!answer.ok()) {
                return false;
            }
            if (sent.incrementAndGet() % lagSampling == 0) {
                followed.put(answer.measureId() + "@" + answer.version(), acknowledged);
                followers.execute(() -> follow(answer.measureId(), answer.version(), acknowledged, reader, lag,
                                               lagErrors));
            }
            return true;
        });
        followers.shutdown();
        if (!followers.awaitTermination(60, TimeUnit.SECONDS)) {
            lagErrors.addAndGet(followers.shutdownNow().size());
        }
        return new FixedRate(outcome, lag.getIntervalHistogram(), lagErrors.get(), followed);
    }

    private void report(FixedRate run, int perSecond, String withWhat, double p99Goal, double lagGoal) {
        Load.Outcome outcome = run.outcome();
        var lags = run.lags();
        String setting = perSecond + " commands/s for " + rateLength.toSeconds() + " s" + withWhat;
        boolean sustained = outcome.perSecond() >= perSecond * 0.95;
        report.add(new Report.Row("commands at a fixed rate: latency", setting,
                                  Report.format("%,.0f commands/s done; ", outcome.perSecond())
                                  + Report.latencies(outcome), "", null,
                                  Report.format("p99 ≤ %.0f ms", p99Goal), sustained && outcome.p99() <= p99Goal,
                                  outcome.errors(), Report.figures(outcome)));
        double lagP50 = lags.getValueAtPercentile(50) / 1e6;
        double lagP99 = lags.getValueAtPercentile(99) / 1e6;
        report.add(new Report.Row("projection visibility lag: acknowledged → shown by GET /measures/{id}",
                                  setting + ", 1 in " + lagSampling + " followed (polled every 10 ms)",
                                  Report.format("p50 %.1f ms, p99 %.1f ms (%,d followed)", lagP50, lagP99,
                                                lags.getTotalCount()),
                                  "", null, Report.format("p99 ≤ %.0f ms", lagGoal), lagP99 <= lagGoal,
                                  run.neverSeen(),
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
            FixedRate run = runAtFixedRate(streamRate);
            String with = Report.format(", %,d streams open", streams);
            report(run, streamRate, with, 25, 200);
            double aloneP99 = alone.lags().getValueAtPercentile(99) / 1e6;
            double withP99 = run.lags().getValueAtPercentile(99) / 1e6;
            report.add(new Report.Row("projection lag p99 with streams open vs without",
                                      streamRate + " commands/s" + with,
                                      Report.format("%.1f ms", withP99), Report.format("%.1f ms", aloneP99),
                                      aloneP99 == 0 ? null : withP99 / aloneP99, "not slower (≤ 1.2×)",
                                      withP99 <= Math.max(aloneP99 * 1.2, aloneP99 + 5), run.neverSeen(),
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
                                      streamRate + " commands/s" + with + ", 1 in " + lagSampling
                                      + " followed on one of them",
                                      Report.format("p50 %.1f ms, p99 %.1f ms (%,d followed); %,d measure events "
                                                    + "on the probe; %.1f–%.1f MB per stream",
                                                    p50, p99, deliveries.getTotalCount(),
                                                    open.probedMeasureEvents(), fewest, most),
                                      "", null, "p99 ≤ 1 s, none lost", p99 <= 1000, missing + open.lost(),
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
                RawHttp.Response view = http.get(queryUrl + "/api/v1/measures/" + id, reader);
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
                                      "", null, "≤ 4 s", seconds != null && seconds <= 4, null,
                                      Map.of("seconds", seconds == null ? -1 : seconds)));
            report.add(new Report.Row(service + ": resident memory", "after every phase above",
                                      Report.format("%,d MB now, %,d MB peak", rss, peak), "", null, "≤ 512 MB",
                                      peak <= 512, null, Map.of("rssMegabytes", rss, "peakRssMegabytes", peak)));
        }
    }

    /**
     * Each service killed with SIGKILL while the other one serves a load, then started again as an
     * operator would (./ledger start): the time from the kill until its health endpoint answers UP
     * again. The other service's load must not fail meanwhile.
     */
    private void recovery() throws Exception {
        String ledgerScript = env("BENCH_LEDGER", null);
        if (ledgerScript == null) {
            return;
        }
        String reader = token("READER");
        for (String service : List.of("command-service", "query-service")) {
            boolean commandSide = service.equals("command-service");
            String healthUrl = (commandSide ? commandUrl : queryUrl) + "/actuator/health";
            Load.Operation otherLoad = commandSide
                    ? () -> http.get(queryUrl + "/api/v1/measures/" + randomMeasure(), reader).status() == 200
                    : () -> commandLoad.report().ok();
            Duration length = Duration.ofSeconds(30);
            var background = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return Load.fixedRate(200, length, Duration.ofSeconds(10), 64, otherLoad);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
            long pid = Long.parseLong(Files.readString(dataDirectory.resolve("run").resolve(service + ".pid")).strip());
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            long killed = System.nanoTime();
            process.destroyForcibly();
            process.onExit().join();
            Process restart = new ProcessBuilder(ledgerScript, "start").redirectErrorStream(true)
                                                                      .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                                                      .start();
            double seconds = -1;
            long giveUp = killed + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < giveUp) {
                try {
                    RawHttp.Response health = http.get(healthUrl, reader);
                    if (health.status() == 200 && health.body().contains("\"UP\"")) {
                        seconds = (System.nanoTime() - killed) / 1e9;
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            restart.waitFor(120, TimeUnit.SECONDS);
            Load.Outcome other = background.join();
            report.add(new Report.Row(service + ": recovery after SIGKILL (kill → health UP)",
                                      Report.format("./ledger start; meanwhile 200/s %s on the other service",
                                                    commandSide ? "status-view reads" : "progress reports"),
                                      seconds < 0 ? "not healthy within 120 s" : Report.format("%.1f s", seconds),
                                      "", null, "≤ 10 s, the other service unaffected",
                                      seconds >= 0 && seconds <= 10, other.errors(),
                                      Map.of("seconds", seconds, "otherServiceErrors", other.errors())));
        }
    }

    // ----------------------------------------------------------------------------------- commands

    private String randomMeasure() {
        return SyntheticLedger.measureId(1 + ThreadLocalRandom.current().nextInt(measures));
    }

    /** Rows of the stored events' shape, one per transaction, into a table like the event table. */
    private Load.Outcome rawInserts(int concurrency, Duration length) throws SQLException, InterruptedException {
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
        byte[] payload = ("{\"measureId\":\"bench-plan-1\",\"percentComplete\":42,\"summary\":\"" + CommandLoad.PROGRESS_SUMMARY
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
            return Load.closedLoop(concurrency, length, () -> {
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
