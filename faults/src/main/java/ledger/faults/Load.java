package ledger.faults;

import ledger.rawhttp.RawHttp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clients under which the faults happen. Each sends progress reports on the measures it owns,
 * each report with its own Idempotency-Key, and retries the very same request (same key, same
 * body) until it gets a definitive answer: a 2xx, or a 4xx other than 429. Connection refused or
 * reset, timeouts, 503 and any other 5xx are "try again shortly". Every answer and every I/O
 * failure seen is counted. The bodies are always legal (percent never goes down, one client per
 * measure), so the only refusals are faults.
 */
final class Load {

    /** One request's fate: its key, measure, and the definitive status (0 if it never got one). */
    record Outcome(String key, String measureId, int status, int attempts) {
    }

    private static final long GIVE_UP_MILLIS = 240_000;

    private final Settings settings;
    private final RawHttp http = new RawHttp(15_000);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    /** "200", "503", "503 without Retry-After", "connection refused", ... → how often seen. */
    final Map<String, LongAdder> seen = new ConcurrentHashMap<>();

    Load(Settings settings) {
        this.settings = settings;
    }

    void start() {
        for (int client = 0; client < settings.clients(); client++) {
            int index = client;
            Thread thread = new Thread(() -> run(index), "fault-client-" + client);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Lets every client finish its request in flight (retrying it to a definitive answer), then returns. */
    void stop() throws InterruptedException {
        stopping.set(true);
        for (Thread thread : threads) {
            thread.join(GIVE_UP_MILLIS + 30_000);
        }
    }

    long acknowledged() {
        return outcomes.stream().filter(o -> o.status() / 100 == 2).count();
    }

    Map<String, Long> seenCounts() {
        Map<String, Long> counts = new TreeMap<>();
        seen.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    private void run(int client) {
        List<String> measures = new ArrayList<>();
        for (int number = 1 + client; number <= settings.measures(); number += settings.clients()) {
            measures.add(settings.measureId(number));
        }
        int[] percent = new int[measures.size()];
        String token = settings.token("UNIT");
        for (int i = 0; !stopping.get(); i++) {
            int m = i % measures.size();
            percent[m] = Math.min(99, percent[m] + 1);   // never backwards, never 100: always legal
            String key = "faults-" + UUID.randomUUID();
            String body = "{\"percentComplete\":" + percent[m] + ",\"summary\":\"client " + client + " report " + i
                          + "\",\"evidence\":[\"" + key + "\"]}";
            outcomes.add(sendUntilDefinitive(measures.get(m), key, body, token));
        }
    }

    private Outcome sendUntilDefinitive(String measureId, String key, String body, String token) {
        long giveUp = System.currentTimeMillis() + GIVE_UP_MILLIS;
        List<RawHttp.Header> headers = List.of(new RawHttp.Header("Idempotency-Key", key));
        for (int attempt = 1; ; attempt++) {
            long wait = 250;
            try {
                RawHttp.Response response = http.postJson(settings.commandUrl(), "/api/v1/measures/" + measureId + "/progress",
                                                       token, body, headers);
                int status = response.status();
                count(Integer.toString(status));
                if (status == 503 && response.header("retry-after") == null) {
                    count("503 without Retry-After");
                }
                if (status / 100 == 2 || (status / 100 == 4 && status != 429 && !retryableConflict(response))) {
                    return new Outcome(key, measureId, status, attempt);
                }
                String retryAfter = response.header("retry-after");
                if (retryAfter != null && retryAfter.matches("\\d{1,3}")) {
                    wait = Math.min(1_000, Long.parseLong(retryAfter) * 1_000);
                }
            } catch (ConnectException e) {
                count("connection refused");
            } catch (SocketTimeoutException e) {
                count("timeout");
            } catch (IOException e) {
                count("connection reset/closed");
            } catch (RuntimeException e) {
                count("client error: " + e.getClass().getSimpleName());
            }
            if (System.currentTimeMillis() > giveUp) {
                return new Outcome(key, measureId, 0, attempt);
            }
            sleep(wait);
        }
    }

    /** A 409 that says "try again" (a concurrent change), not "not allowed in this state". */
    private static boolean retryableConflict(RawHttp.Response response) {
        return response.status() == 409 && (response.header("retry-after") != null
                                            || response.body().toLowerCase().contains("concurren"));
    }

    private void count(String what) {
        seen.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
