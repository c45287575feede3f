package ledger.command.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.command.CommandServiceApplication;
import ledger.command.support.ApiClient;
import ledger.command.support.LedgerApiTest;
import ledger.messages.eventstore.EventStoreFormat;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An export is checked before anything of it is kept: a changed payload or a missing line is
 * refused naming its line, and a store that is not empty is refused; docs/verify-export.sh finds
 * the same. The ledger here has a database of its own, so the export holds only this test's events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {CommandServiceApplication.CONFIG_NAME, "ledger.deadlines.enabled=false"})
class DamagedExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every column of every stored event, bytes as hex. */
    static final String STORED = """
            SELECT global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
                   payload_type, payload_revision, encode(payload, 'hex') AS payload, encode(meta_data, 'hex') AS meta_data
            FROM event_store.domain_event_entry ORDER BY global_index""";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext service;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path temp;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl("archive_source"));
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
    }

    @Test
    void aDamagedExportIsRefusedNamingTheLineAndAnIntactOneIsRestoredOnceOnly() throws Exception {
        String planId = LedgerApiTest.registerPlan(service, "dx-" + System.nanoTime() % 100000);
        ApiClient office = new ApiClient("http://localhost:" + port).as("office-1", "SUPERVISOR", "省政府督查室");
        ApiClient unit = new ApiClient("http://localhost:" + port).as("clerk-1", "UNIT", "省府办公厅");
        for (int number = 1; number <= 4; number++) {
            assertThat(office.post("/api/v1/measures", LedgerApiTest.assignBody(planId, number)).status()).isEqualTo(201);
            String id = planId + "-" + number;
            assertThat(unit.post("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}",
                                 "Idempotency-Key", "plan-" + id).status()).isEqualTo(200);
            unit.post("/api/v1/measures/" + id + "/progress", "{\"percentComplete\":30,\"summary\":\"进展\"}");
        }

        Path export = temp.resolve("export");
        ApiClient admin = new ApiClient("http://localhost:" + port).as("admin-1", "ADMIN", null);
        ApiClient.Response answer = admin.post("/api/v1/admin/export", "{\"directory\":\"" + export + "\"}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode manifest = answer.json();
        long events = jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
        assertThat(manifest.at("/events/count").asLong()).isEqualTo(events).isEqualTo(1 + 4 * 3);
        assertThat(manifest.at("/idempotencyKeys/count").asLong()).isEqualTo(4);
        assertThat(manifest.at("/deadlines/count").asLong()).isPositive();
        assertThat(export.resolve("schemas/ProgressReported.v2.schema.json")).exists();
        assertThat(JSON.readTree(export.resolve("schemas/ProgressReported.v2.schema.json").toFile())
                       .at("/properties/percentComplete/type").asText()).isEqualTo("integer");
        // an export goes into an empty directory only
        assertThat(admin.post("/api/v1/admin/export", "{\"directory\":\"" + export + "\"}").status()).isEqualTo(400);

        List<String> lines = Files.readAllLines(export.resolve("events.ndjson"));
        int progressLine = indexOf(lines, "\"payloadType\":\"ProgressReported\"", 0) + 1;
        Path changed = copy(export, "changed");
        lines(changed, lines.stream().map(l -> l.equals(lines.get(progressLine - 1))
                                               ? l.replace("\"percentComplete\":30", "\"percentComplete\":90") : l).toList());
        // the first event of measure 2 goes missing: the break shows at its next event's line
        String secondAssigned = planId + "-2\",\"sequence\":0";
        int missing = indexOf(lines, secondAssigned, 0);
        int breakLine = indexOf(lines, planId + "-2\",\"sequence\":1", 0);   // 0-based in the original: 1-based after removal
        List<String> without = new ArrayList<>(lines);
        without.remove(missing);
        Path removed = copy(export, "removed");
        lines(removed, without);

        DataSource target = emptyStore("archive_target_" + System.nanoTime() % 100000);
        JdbcTemplate targetJdbc = new JdbcTemplate(target);
        LedgerRestore restore = new LedgerRestore(target, EventStoreFormat.objectMapper(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> restore.restore(changed, ArchiveFormat.Progress.NONE))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("events.ndjson line " + progressLine + " ")
                .hasMessageContaining("recomputed hash differs");
        assertThatThrownBy(() -> restore.restore(removed, ArchiveFormat.Progress.NONE))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("events.ndjson line " + breakLine + " ")
                .hasMessageContaining("expected sequence 0, found 1");
        assertThat(rows(targetJdbc)).as("nothing written by a refused restore").isZero();

        // docs/verify-export.sh, as an auditor without the ledger runs it (jq: .ci/run installs it)
        assertThat(jqPresent()).as("jq is needed to test docs/verify-export.sh (apt-get install jq)").isTrue();
        assertThat(verifyExport(export)).endsWith("intact");
        assertThat(verifyExport(changed)).contains("line " + progressLine + ": sequence").contains("DAMAGED");
        assertThat(verifyExport(removed)).contains("line " + breakLine + ": expected sequence 0, found 1");

        LedgerRestore.Restored restored = restore.restore(export, ArchiveFormat.Progress.NONE);
        assertThat(restored.digest()).isEqualTo(manifest.at("/digest/value").asText());
        assertThat(targetJdbc.queryForList(STORED)).isEqualTo(jdbc.queryForList(STORED));
        assertThat(targetJdbc.queryForObject("SELECT nextval('event_store.domain_event_entry_global_index_seq')",
                                             Long.class)).isEqualTo(manifest.at("/events/lastPosition").asLong() + 1);

        // a second restore into the now filled store is refused, and writes nothing
        long before = rows(targetJdbc);
        assertThatThrownBy(() -> restore.restore(export, ArchiveFormat.Progress.NONE))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("not empty");
        assertThat(rows(targetJdbc)).isEqualTo(before);
        // the same over HTTP: the service's own store is not empty
        ApiClient.Response refused = admin.post("/api/v1/admin/restore", "{\"directory\":\"" + export + "\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    private static long rows(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM event_store.domain_event_entry)"
                                   + " + (SELECT count(*) FROM event_store.idempotency_key)"
                                   + " + (SELECT count(*) FROM event_store.scheduled_tasks)", Long.class);
    }

    static DataSource emptyStore(String database) {
        String url = TestDatabase.jdbcUrl(database);
        Flyway.configure().dataSource(url, TestDatabase.USER, TestDatabase.PASSWORD)
              .schemas("event_store").defaultSchema("event_store")
              .locations("classpath:db/migration/event_store").load().migrate();
        return new DriverManagerDataSource(url, TestDatabase.USER, TestDatabase.PASSWORD);
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line holds " + text);
    }

    private Path copy(Path export, String name) throws IOException {
        Path copy = temp.resolve(name);
        Files.createDirectories(copy.resolve("schemas"));
        try (var files = Files.walk(export)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(export.relativize(file)));
            }
        }
        return copy;
    }

    private static void lines(Path export, List<String> lines) throws IOException {
        Files.writeString(export.resolve("events.ndjson"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static boolean jqPresent() {
        try {
            return new ProcessBuilder("jq", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** docs/verify-export.sh's output; its exit status must agree with its last line. */
    static String verifyExport(Path export) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", Path.of("..", "docs", "verify-export.sh").toString(),
                                             export.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(output.endsWith("intact") ? 0 : 1);
        return output;
    }
}
