package ledger.faults;

import ledger.rawhttp.RawHttp;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * faults/run.sh's driver: {@code all} (the faults under load, the checks, then the bad-input
 * run), {@code faults} or {@code bad-input}. Prints the figures as Markdown, writes them as JSON to
 * FAULTS_OUTPUT, and exits 1 if any check failed.
 */
public final class FaultSuite {

    private final Settings settings;
    private final RawHttp http = new RawHttp(60_000);
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final List<String> failed = new ArrayList<>();

    private FaultSuite(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        FaultSuite suite = new FaultSuite(Settings.fromEnvironment());
        suite.setUp();
        if (!mode.equals("bad-input")) {
            suite.faults();
        }
        if (!mode.equals("faults")) {
            suite.badInput();
        }
        System.exit(suite.finish() ? 0 : 1);
    }

    /** The suite's own plan: measures led by one unit, each with a submitted plan, so progress is legal. */
    private void setUp() throws IOException {
        StringBuilder measures = new StringBuilder();
        for (int number = 1; number <= settings.measures(); number++) {
            measures.append(number == 1 ? "" : ",").append("{\"section\":1,\"number\":").append(number)
                    .append(",\"title\":\"fault suite measure ").append(number).append("\",\"leaders\":[\"fault suite\"],")
                    .append("\"leadUnits\":[\"").append(settings.unit()).append("\"],\"dueDate\":\"2030-12-31\"}");
        }
        String plan = "{\"planId\":\"" + settings.planId() + "\",\"title\":\"fault suite\",\"issuer\":\"fault suite\","
                      + "\"issueDate\":\"2024-01-01\",\"deadline\":\"2030-12-31\",\"measures\":[" + measures + "]}";
        expect2xx(http.postJson(settings.commandUrl(), "/api/v1/plans/import", settings.token("SUPERVISOR"), plan, List.of()),
                  "importing the suite's plan");
        for (int number = 1; number <= settings.measures(); number++) {
            expect2xx(http.postJson(settings.commandUrl(), "/api/v1/measures/" + settings.measureId(number) + "/plan",
                                    settings.token("UNIT"), "{\"summary\":\"fault suite plan\"}", List.of()),
                      "submitting the plan of " + settings.measureId(number));
        }
    }

    private static void expect2xx(RawHttp.Response response, String what) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.body());
        }
    }

    private void faults() throws Exception {
        boolean quick = settings.quick();
        int commandKills = quick ? 2 : 10, queryKills = quick ? 2 : 5, postmasterKills = quick ? 1 : 3;
        long pause = quick ? 2_000 : 5_000;
        Load load = new Load(settings);
        Faults faults = new Faults(settings);
        Checks checks = new Checks(settings);
        long started = System.nanoTime();
        System.err.println("load: " + settings.clients() + " clients on " + settings.measures() + " measures; faults:");
        load.start();
        Load.sleep(pause);
        for (int i = 0; i < commandKills; i++) {
            attempt(faults, () -> faults.killCommandService());
            Load.sleep(pause);
        }
        for (int i = 0; i < queryKills; i++) {
            boolean duringReplay = i % 2 == 0;
            attempt(faults, () -> faults.killQueryService(duringReplay));
            Load.sleep(pause);
        }
        for (int i = 0; i < postmasterKills; i++) {
            attempt(faults, () -> faults.killPostmaster());
            Load.sleep(pause);
        }
        attempt(faults, () -> faults.stopPostgres(15));
        Load.sleep(pause);
        load.stop();
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        System.err.println("checking the store, the chains and the views");
        checks.storeHoldsEveryAcknowledgedCommandOnce(load);
        checks.sequencesHaveNoGaps();
        checks.chainsVerify();
        checks.viewsEqualARebuild();

        Map<String, Long> seen = load.seenCounts();
        Map<String, Long> fiveXx = new LinkedHashMap<>();
        seen.forEach((k, v) -> {
            if (k.matches("5\\d\\d")) {
                fiveXx.put(k, v);
            }
        });
        long serverErrors = fiveXx.entrySet().stream().filter(e -> !e.getKey().equals("503")).mapToLong(Map.Entry::getValue).sum();
        long refused = load.outcomes.stream().filter(o -> o.status() / 100 == 4).count();
        Map<String, Object> f = checks.figures;
        Report.Table table = new Report.Table("Faults under load (" + String.format("%.0f", loadSeconds) + " s, "
                                              + settings.clients() + " clients)");
        table.row("requests sent (each retried to a definitive answer)", f.get("requests"), null);
        table.row("acknowledged (2xx)", f.get("acknowledged"), null);
        check(table, "lost (acknowledged, not in the store)", f.get("lost"), 0L);
        check(table, "doubled (acknowledged, stored more than once)", f.get("doubled"), 0L);
        check(table, "requests that produced two or more events", f.get("requestsWithTwoOrMoreEvents"), 0L);
        check(table, "legal requests refused (4xx)", refused, 0L);
        check(table, "refused requests stored anyway", f.get("refusedButStored"), 0L);
        check(table, "requests without a definitive answer after 4 min", f.get("unresolved"), 0L);
        check(table, "aggregates with sequence gaps (of " + f.get("aggregates") + ")", f.get("aggregatesWithGaps"), 0L);
        check(table, "broken chains (of " + f.get("measureChainsChecked") + " measures)", f.get("brokenChains"), 0L);
        check(table, "ledger-wide chain verifies (" + f.get("eventsChecked") + " events)", f.get("ledgerChainIntact"), true);
        check(table, "view rows differing from a rebuild (of " + f.get("viewRowsCompared") + ")",
              f.get("viewRowsDifferingFromRebuild"), 0L);
        check(table, "5xx answers other than 503 " + (fiveXx.isEmpty() ? "" : fiveXx.toString()), serverErrors, 0L);
        check(table, "503 without Retry-After", seen.getOrDefault("503 without Retry-After", 0L), 0L);
        long notBack = faults.recoveries.stream().filter(r -> !r.broughtBack() || Double.isNaN(r.secondsToHealthy())).count();
        check(table, "faults after which ./ledger start did not bring the ledger back", notBack, 0L);
        table.row("every answer and I/O failure seen", seen.toString(), null);
        table.print();

        Report.Table recoveries = new Report.Table("Time to healthy again (from the fault until both services answer UP)");
        recoveries.header("#", "fault", "detail", "seconds", "note");
        for (Faults.Recovery r : faults.recoveries) {
            recoveries.cells(Integer.toString(r.number()), r.fault(), r.detail(),
                             Double.isNaN(r.secondsToHealthy()) ? "never" : String.format("%.1f", r.secondsToHealthy()), r.note());
        }
        recoveries.print();

        Map<String, Object> json = new LinkedHashMap<>(f);
        json.put("seconds", Math.round(loadSeconds));
        json.put("answersSeen", seen);
        json.put("refused4xx", refused);
        json.put("recoveries", faults.recoveries);
        result.put("faults", json);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A fault step that throws (a pid file gone, a service that never came back) is recorded, and the run goes on. */
    private void attempt(Faults faults, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            faults.recoveries.add(new Faults.Recovery(faults.recoveries.size() + 1, "fault step failed", e.toString(),
                                                      Double.NaN, false, "the step threw"));
            System.err.println("  fault step failed: " + e);
        }
    }

    private void badInput() throws Exception {
        BadInput run = new BadInput(settings, new Checks(settings));
        System.err.println("bad-input run: requests generated from both services' /v3/api-docs");
        run.run();
        Map<String, Object> f = run.figures;
        Report.Table table = new Report.Table("Generated bad input");
        table.row("requests", f.get("requests"), null);
        check(table, "at least 300 requests", ((Integer) f.get("requests")) >= 300, true);
        check(table, "5xx", f.get("5xx"), 0L);
        check(table, "4xx that are not application/problem+json", f.get("4xxNotProblemJson"), 0L);
        check(table, "invalid writes accepted (2xx)", f.get("writesAccepted"), 0L);
        check(table, "events appended during the run", (long) (Integer) f.get("eventsAppended"), 0L);
        check(table, "requests without an answer", f.get("noAnswer"), 0L);
        table.row("reads answered 2xx (a free-text filter is a legal query)", f.get("readsAnswered2xx"), null);
        table.row("legal requests of the role sweep answered 2xx", f.get("legalRequestsAnswered2xx"), null);
        table.row("answers by status", f.get("byStatus").toString(), null);
        table.print();
        if (!run.failures.isEmpty()) {
            System.out.println("\nFailures of the bad-input run by kind and case (" + run.failures.size() + " in all):\n");
            Map<String, Long> byCase = new java.util.TreeMap<>();
            run.failures.forEach(x -> byCase.merge(x.kind() + ": " + x.what().replaceFirst("^.*: ", "") + " → " + x.status(),
                                                   1L, Long::sum));
            byCase.forEach((k, v) -> System.out.println("- " + v + " × " + k));
            System.out.println("\nThe first of each kind:\n");
            Map<String, Integer> shown = new java.util.HashMap<>();
            run.failures.stream().filter(x -> shown.merge(x.kind(), 1, Integer::sum) <= 15)
                        .forEach(x -> System.out.printf("- %s: %s %s as %s (%s) → %d %s %s%n",
                    x.kind(), x.method(), BadInput.shorten(x.path()), x.role(), BadInput.shorten(x.what()), x.status(),
                    x.contentType(), x.answer()));
        }
        @SuppressWarnings("unchecked") List<String> appended = (List<String>) f.get("appendedEvents");
        if (!appended.isEmpty()) {
            System.out.println("\nEvents appended by bad input (" + appended.size() + "; the first 50):\n");
            appended.stream().limit(50).forEach(a -> System.out.println("- " + a));
        }
        Map<String, Object> json = new LinkedHashMap<>(f);
        json.put("failures", run.failures);
        result.put("badInput", json);
    }

    private void check(Report.Table table, String what, Object figure, Object expected) {
        boolean ok = expected.equals(figure instanceof Integer i ? (Object) (long) i : figure);
        if (!ok) {
            failed.add(what);
        }
        table.row(what, figure, ok);
    }

    private boolean finish() throws IOException {
        result.put("quick", settings.quick());
        result.put("failedChecks", failed);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(settings.output().toFile(), result);
        System.out.println();
        System.out.println(failed.isEmpty() ? "All checks passed." : "FAILED checks: " + String.join("; ", failed));
        System.out.println("JSON: " + settings.output());
        return failed.isEmpty();
    }
}
