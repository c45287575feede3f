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
            default -> {
                System.err.println("usage: count URL | import BASE_URL FILE PLAN_ID");
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
}
