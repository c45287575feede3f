package ledger.benchmark;

import ledger.rawhttp.RawHttp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands the benchmark sends: progress reports on the synthetic measures, as a unit's
 * system sends them. A quarter carry an Idempotency-Key (a fresh one: a first request, stored
 * with its outcome), a quarter an If-Match with the version the last answer for that measure
 * gave. Each load thread reports on its own share of the measures, so that the If-Match versions
 * it knows are current and no command is refused because two threads of the benchmark raced: a
 * refusal is then a fault of the ledger, and counted as an error.
 */
final class CommandLoad {

    static final String PROGRESS_SUMMARY = "按倒排时间进度表推进，已完成阶段性任务。";
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** What one command gave: the measure, its new version, and whether it succeeded. */
    record Sent(String measureId, long version, boolean ok) {
    }

    private final RawHttp http;
    private final String commandUrl;
    private final String token;
    private final int measures;
    private final int shares;
    private final Map<Integer, Long> versions = new ConcurrentHashMap<>();
    private final ThreadLocal<Integer> share;

    CommandLoad(RawHttp http, String commandUrl, String token, int measures) {
        this.http = http;
        this.commandUrl = commandUrl;
        this.token = token;
        this.measures = measures;
        this.shares = Math.min(256, measures);
        this.share = ThreadLocal.withInitial(() -> THREADS.getAndIncrement() % shares);
    }

    /** One progress report on a measure of this thread's share. */
    Sent report() throws IOException {
        return report(ownMeasure(), ThreadLocalRandom.current().nextInt(4));
    }

    /** A plain progress report on measure n (no If-Match, no key): for passes over every measure. */
    boolean reportOn(int n) throws IOException {
        return report(n, 3).ok();
    }

    private Sent report(int n, int kind) throws IOException {
        String id = SyntheticLedger.measureId(n);
        List<String> headers = new ArrayList<>(2);
        if (kind == 0) {
            headers.add("Idempotency-Key");
            headers.add(UUID.randomUUID().toString());
        } else if (kind == 1 && versions.containsKey(n)) {
            headers.add("If-Match");
            headers.add("\"" + versions.get(n) + "\"");
        }
        RawHttp.Response answer = http.postJson(commandUrl + "/api/v1/measures/" + id + "/progress", progressBody(), token,
                                         headers.toArray(String[]::new));
        if (answer.status() != 200) {
            return new Sent(id, -1, false);
        }
        long version = version(answer.body());
        versions.put(n, version);
        return new Sent(id, version, true);
    }

    /** {@code size} progress reports of this thread's share in one request to the batch endpoint. */
    boolean batch(int size) throws IOException {
        StringBuilder items = new StringBuilder(size * 200).append('[');
        for (int i = 0; i < size; i++) {
            int n = ownMeasure();
            if (i > 0) {
                items.append(',');
            }
            items.append("{\"command\":\"progress\",\"measureId\":\"").append(SyntheticLedger.measureId(n))
                 .append('"');
            if (i % 4 == 0) {
                items.append(",\"idempotencyKey\":\"").append(UUID.randomUUID()).append('"');
            }
            items.append(",\"body\":").append(progressBody()).append('}');
        }
        RawHttp.Response answer = http.postJson(commandUrl + "/api/v1/commands", items.append(']').toString(), token);
        return answer.status() == 200 && answer.body().contains("\"failed\":0,");
    }

    private int ownMeasure() {
        int first = share.get() + 1;
        int count = (measures - first) / shares + 1;
        return first + shares * ThreadLocalRandom.current().nextInt(count);
    }

    private static long version(String body) {
        Matcher m = VERSION.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no version in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    static String progressBody() {
        return "{\"percentComplete\":" + ThreadLocalRandom.current().nextInt(100) + ",\"summary\":\""
               + PROGRESS_SUMMARY + "\"}";
    }
}
