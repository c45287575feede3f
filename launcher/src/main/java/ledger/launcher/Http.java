package ledger.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP that {@code ./ledger} needs beyond its checks (those are in bash, see
 * {@code launcher/src/main/bash/processes.sh}, so that a check costs no JVM), in Java, so that a
 * machine with nothing but Java can run the ledger:
 * <pre>
 *   count URL                         print totalItems of a measures page
 *   import BASE_URL FILE PLAN_ID      post a notice, printing progress as it goes
 *   export BASE_URL DIR               export the ledger into DIR (on command-service's machine), with progress
 * </pre>
 * The bearer token to send, if any, comes from the environment variable LEDGER_TOKEN.
 */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern DONE = Pattern.compile("\"done\":(\\d+),\"total\":(\\d+),\"measureId\":\"([^\"]+)\",\"created\":(true|false)");
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"([^\"]*)\"");
    private static final Pattern TOTAL = Pattern.compile("\"totalItems\":(\\d+)");

    private Http() {
    }

    public static void main(String[] args) throws Exception {
        int status = switch (args.length == 0 ? "" : args[0]) {
            case "count" -> count(args[1]);
            case "import" -> importNotice(args[1], Path.of(args[2]), args[3]);
            case "export" -> export(args[1], args[2]);
            default -> {
                System.err.println("usage: count URL | import BASE_URL FILE PLAN_ID | export BASE_URL DIR");
                yield 2;
            }
        };
        System.exit(status);
    }

    private static HttpRequest.Builder request(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        String token = System.getenv("LEDGER_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
        }
        return request;
    }

    private static int count(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
        Matcher total = TOTAL.matcher(response.body());
        if (response.statusCode() != 200 || !total.find()) {
            System.err.println(response.statusCode() + " " + response.body());
            return 1;
        }
        System.out.println(total.group(1));
        return 0;
    }

    private static int importNotice(String baseUrl, Path file, String planId) throws IOException, InterruptedException {
        HttpRequest request = request(baseUrl + "/api/v1/plans/import?planId=" + planId)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<java.io.InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                System.err.println("import refused: " + response.statusCode());
                lines.lines().forEach(System.err::println);
                return 1;
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher done = DONE.matcher(line);
                Matcher message = MESSAGE.matcher(line);
                if (done.find()) {
                    System.out.printf("  [%2s/%s] %s %s%n", done.group(1), done.group(2), done.group(3),
                                      done.group(4).equals("true") ? "assigned" : "already there");
                } else if (message.find()) {
                    System.out.println("  " + message.group(1));
                }
            }
        }
        return 0;
    }

    private static final Pattern PHASE = Pattern.compile("\"phase\":\"([^\"]+)\",\"done\":(\\d+),\"total\":(\\d+)");
    private static final Pattern DETAIL = Pattern.compile("\"detail\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Posts an export request; prints its progress lines and, at the end, the manifest's essentials. */
    private static int export(String baseUrl, String directory) throws IOException, InterruptedException {
        String body = "{\"directory\":\"" + directory.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpRequest request = request(baseUrl + "/api/v1/admin/export")
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<java.io.InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                String answer = String.join("\n", lines.lines().toList());
                Matcher detail = DETAIL.matcher(answer);
                System.err.println("export refused (" + response.statusCode() + "): "
                                   + (detail.find() ? detail.group(1) : answer));
                return 1;
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher phase = PHASE.matcher(line);
                if (phase.find()) {
                    System.out.printf("  %s: %s of %s%n", phase.group(1), phase.group(2), phase.group(3));
                } else if (line.startsWith("{\"error\"")) {
                    Matcher detail = DETAIL.matcher(line);
                    System.err.println("export failed: " + (detail.find() ? detail.group(1) : line));
                    return 1;
                } else if (line.startsWith("{\"manifest\"")) {
                    Matcher count = Pattern.compile("\"count\":(\\d+)").matcher(line);
                    Matcher digest = Pattern.compile("\"value\":\"([0-9a-f]{64})\"").matcher(line);
                    Matcher position = Pattern.compile("\"lastPosition\":(\\d+)").matcher(line);
                    System.out.printf("exported %s events into %s: digest %s at position %s%n",
                                      count.find() ? count.group(1) : "?", directory,
                                      digest.find() ? digest.group(1) : "?", position.find() ? position.group(1) : "?");
                }
            }
        }
        return 0;
    }
}
