package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.command.CommandServiceApplication;
import ledger.query.QueryServiceApplication;
import ledger.testing.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Both services, started as they run in production, on one embedded PostgreSQL, on free ports. */
final class LedgerUnderTest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ConfigurableApplicationContext commandService;
    private final ConfigurableApplicationContext queryService;

    LedgerUnderTest() {
        // command-service first: it migrates the event store that query-service reads
        commandService = start(CommandServiceApplication.application());
        // no transaction is in flight between test steps: auditors may read right up to the head
        queryService = start(QueryServiceApplication.application(), "--ledger.audit.settle=0s");
    }

    private static ConfigurableApplicationContext start(SpringApplicationBuilder application, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                                                    "--spring.datasource.url=" + TestDatabase.jdbcUrl(),
                                                    "--spring.datasource.username=" + TestDatabase.USER,
                                                    "--spring.datasource.password=" + TestDatabase.PASSWORD));
        args.addAll(List.of(more));
        return application.run(args.toArray(String[]::new));
    }

    /** Direct access to the database, as someone with write access to it would have. */
    JdbcTemplate database() {
        return commandService.getBean(JdbcTemplate.class);
    }

    private static String baseUrl(ConfigurableApplicationContext service) {
        return "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
    }

    /** A command as the supervision office or a lead unit sends it; answers status and body. */
    Response command(String path, String body, String actorId, String role) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(commandService) + path))
                               .header("Content-Type", "application/json")
                               .header("X-Actor-Id", actorId)
                               .header("X-Actor-Role", role)
                               .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response query(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(queryService) + path)).build());
    }

    Response query(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(queryService) + path)).header("Accept", accept).build());
    }

    Response admin(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(queryService) + path))
                               .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @Override
    public void close() {
        queryService.close();
        commandService.close();
    }
}
