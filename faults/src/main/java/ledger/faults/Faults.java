package ledger.faults;

import ledger.rawhttp.RawHttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The faults themselves: SIGKILL of a service or of the postmaster, or PostgreSQL stopped for a
 * while; then the service brought back (faults/bring-back.sh, the one place that knows how) and
 * the time until every service answers healthy again measured from the moment of the fault.
 */
final class Faults {

    /**
     * @param broughtBack whether bring-back.sh's ordinary step (./ledger start) did it; false when
     *                    it had to fall back to stopping the launcher first (a launcher fault)
     */
    record Recovery(int number, String fault, String detail, double secondsToHealthy, boolean broughtBack,
                    String note) {
    }

    private static final long HEALTH_PATIENCE_MILLIS = 300_000;

    private final Settings settings;
    private final RawHttp http = new RawHttp(5_000);
    final List<Recovery> recoveries = new ArrayList<>();

    Faults(Settings settings) {
        this.settings = settings;
    }

    void killCommandService() throws Exception {
        long pid = pidFrom(settings.data().resolve("run/command-service.pid"));
        long at = System.nanoTime();
        sigkill(pid);
        recover("SIGKILL command-service", "PID " + pid, at, "command-service");
    }

    void killQueryService(boolean duringReplay) throws Exception {
        String detail = "";
        if (duringReplay) {
            RawHttp.Response started = http.send("POST", settings.queryUrl(), "/api/v1/admin/projections/replay",
                                              RawHttp.bearer(settings.token("ADMIN")), null);
            detail = "replay " + started.status() + (replaying() ? ", killed while replaying" : ", replay already done when killed") + "; ";
        }
        long pid = pidFrom(settings.data().resolve("run/query-service.pid"));
        long at = System.nanoTime();
        sigkill(pid);
        recover("SIGKILL query-service" + (duringReplay ? " during a replay" : ""), detail + "PID " + pid, at,
                "query-service");
    }

    void killPostmaster() throws Exception {
        long pid = postmasterPid();
        long at = System.nanoTime();
        sigkill(pid);
        recover("SIGKILL postmaster", "PID " + pid, at, "postgres");
    }

    /**
     * PostgreSQL stopped, not paused: SIGINT to the postmaster is its "fast" shutdown, what
     * {@code pg_ctl stop -m fast} sends (pg_ctl itself refuses to run as root, as the suite may);
     * then the wait, then the start.
     */
    void stopPostgres(int seconds) throws Exception {
        long pid = postmasterPid();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        long at = System.nanoTime();
        Process stop = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
        if (stop.waitFor() != 0) {
            throw new IllegalStateException("kill -INT " + pid + " failed");
        }
        postmaster.onExit().get(90, TimeUnit.SECONDS);
        Load.sleep(Math.max(0, seconds * 1000L - (System.nanoTime() - at) / 1_000_000));
        recover("PostgreSQL stopped " + seconds + " s (fast shutdown)", "postmaster PID " + pid, at, "postgres");
    }

    private void recover(String fault, String detail, long at, String service) throws Exception {
        int exit = bringBack(service);
        double seconds = awaitHealthy(at);
        boolean ok = exit == 0;
        String note = switch (exit) {
            case 0 -> "";
            case 3 -> "./ledger start did not bring it back; the launcher had to be stopped first";
            default -> "bring-back.sh exited " + exit;
        };
        Recovery recovery = new Recovery(recoveries.size() + 1, fault, detail, seconds, ok, note);
        recoveries.add(recovery);
        System.err.printf("  %2d %-45s healthy again after %6.1f s %s%n", recovery.number(), fault, seconds, note);
    }

    /** faults/bring-back.sh SERVICE: the single step that brings a killed part of the ledger back. */
    private int bringBack(String service) throws IOException, InterruptedException {
        Path log = settings.data().resolve("logs/faults-bring-back.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(settings.root().resolve("faults/bring-back.sh").toString(), service)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(HEALTH_PATIENCE_MILLIS, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return 124;
        }
        return process.exitValue();
    }

    /** Seconds from the fault until both services answer GET /actuator/health with UP. */
    private double awaitHealthy(long since) {
        long deadline = System.currentTimeMillis() + HEALTH_PATIENCE_MILLIS;
        for (String url : List.of(settings.commandUrl(), settings.queryUrl())) {
            while (!healthy(url)) {
                if (System.currentTimeMillis() > deadline) {
                    return Double.NaN;
                }
                Load.sleep(100);
            }
        }
        return (System.nanoTime() - since) / 1e9;
    }

    boolean healthy(String url) {
        try {
            RawHttp.Response response = http.get(url, "/actuator/health", null);
            return response.status() == 200 && response.body().contains("\"UP\"");
        } catch (IOException | RuntimeException e) {
            http.reset();
            return false;
        }
    }

    boolean replaying() throws IOException {
        long until = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < until) {
            RawHttp.Response status = http.get(settings.queryUrl(), "/api/v1/admin/projections", settings.token("ADMIN"));
            if (status.body().contains("\"replaying\":true")) {
                return true;
            }
            Load.sleep(20);
        }
        return false;
    }

    private Path postgresData() {
        return settings.data().resolve("postgres");
    }

    private long postmasterPid() throws IOException {
        return pidFrom(postgresData().resolve("postmaster.pid"));
    }

    private static long pidFrom(Path file) throws IOException {
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0).strip();
        return Long.parseLong(first);
    }

    /** SIGKILL (ProcessHandle.destroyForcibly), then waits until the process is gone. */
    private static void sigkill(long pid) throws Exception {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }
}
