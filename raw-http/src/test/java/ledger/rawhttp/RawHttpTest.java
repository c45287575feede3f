package ledger.rawhttp;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against the JDK's own server: what it sends, what it reads, one connection kept. */
class RawHttpTest {

    private HttpServer server;
    private String base;
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("uri", exchange.getRequestURI().toString());
            seen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seen.put("content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            seen.put("key", String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            seen.put("client", exchange.getRemoteAddress().toString());
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("got " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(201, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);   // 0: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("第一".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("块".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        base = "http://localhost:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aJsonPostCarriesItsTokenTypeAndHeadersAndReadsTheAnswer() throws IOException {
        RawHttp http = new RawHttp(5_000);

        RawHttp.Response response = http.postJson(base + "/echo?planId=gd-2016", "{\"a\":\"省\"}", "t0ken",
                                                  "Idempotency-Key", "k-1");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("got {\"a\":\"省\"}");
        assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(seen).containsEntry("method", "POST").containsEntry("uri", "/echo?planId=gd-2016")
                        .containsEntry("authorization", "Bearer t0ken")
                        .containsEntry("content-type", "application/json").containsEntry("key", "k-1");
    }

    @Test
    void aChunkedAnswerIsJoinedAndTheConnectionKept() throws IOException {
        RawHttp http = new RawHttp(5_000);

        assertThat(http.get(base + "/chunked", null).body()).isEqualTo("第一块");
        http.send("GET", base, "/echo", List.of(), null);
        String first = seen.get("client");
        http.get(base, "/echo", null);

        assertThat(seen.get("client")).as("the same keep-alive connection").isEqualTo(first);
        assertThat(seen).containsEntry("authorization", "null");
    }
}
