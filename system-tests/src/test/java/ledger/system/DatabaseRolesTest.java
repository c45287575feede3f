package ledger.system;

import com.nimbusds.jwt.SignedJWT;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The least-privilege roles of deploy/db-roles.sql: command-service as ledger_command writes the
 * event store; query-service as ledger_query, with SELECT only on it, builds its views, answers
 * reads and audits, and keeps the revocation list that command-service reads, but cannot write
 * an event.
 */
class DatabaseRolesTest {

    private static LedgerUnderTest ledger;

    @BeforeAll
    static void start() throws Exception {
        String database = "roles_" + UUID.randomUUID().toString().substring(0, 8);
        String url = TestDatabase.jdbcUrl(database).replaceAll("\\?.*", "");   // the user comes from each service
        try (Connection owner = DriverManager.getConnection(url, TestDatabase.USER, TestDatabase.PASSWORD)) {
            owner.createStatement().execute(Files.readString(Path.of("..", "deploy", "db-roles.sql")));
        }
        ledger = LedgerUnderTest.withRoles(url, "ledger_command", "ledger_query");
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void queryServiceReadsTheEventStoreWithSelectOnly() {
        String planId = ledger.registerPlan("roles-" + UUID.randomUUID().toString().substring(0, 8));
        var assigned = ledger.command("/api/v1/measures", """
                {"planId":"%s","section":1,"number":1,"title":"措施","leaders":["朱小丹"],
                 "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId), "office-1", "SUPERVISOR");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(ledger.query("/api/v1/measures/" + planId + "-1").status()).isEqualTo(200));
        var verified = ledger.query("/api/v1/audit/verify?measureId=" + planId + "-1");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.json().path("intact").asBoolean()).isTrue();
    }

    @Test
    void theQueryRoleCannotWriteTheEventStore() {
        JdbcTemplate asQueryService = ledger.queryNode().context().getBean(JdbcTemplate.class);
        assertThat(asQueryService.queryForObject("SELECT current_user", String.class)).isEqualTo("ledger_query");
        long events = asQueryService.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);

        for (String write : new String[]{
                "INSERT INTO event_store.domain_event_entry (aggregate_identifier, sequence_number, event_identifier, "
                + "payload, payload_type, time_stamp) VALUES ('forged', 0, 'forged-1', 'x', 'Forged', 'now')",
                "UPDATE event_store.domain_event_entry SET payload = 'x'",
                "DELETE FROM event_store.domain_event_entry",
                "TRUNCATE event_store.domain_event_entry",
                "ALTER TABLE event_store.domain_event_entry ADD COLUMN forged TEXT",
                "CREATE TABLE event_store.forged (id INT)"}) {
            assertThatThrownBy(() -> asQueryService.execute(write)).as(write)
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(sqlState(e)).as(write).isEqualTo("42501"));   // insufficient_privilege
        }
        assertThat(ledger.database().queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class))
                .isGreaterThanOrEqualTo(events);
        assertThat(ledger.database().queryForObject(
                "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = 'forged'", Long.class))
                .isZero();
    }

    @Test
    void theCommandRoleCannotReadTheViewsButReadsTheRevocationList() throws Exception {
        JdbcTemplate asCommandService = ledger.database();
        assertThat(asCommandService.queryForObject("SELECT current_user", String.class)).isEqualTo("ledger_command");
        assertThatThrownBy(() -> asCommandService.queryForObject("SELECT count(*) FROM query_view.token_entry", Long.class))
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("42501"));
        // nor the webhooks' secrets (docs/SECURITY.md, Webhook secrets)
        assertThatThrownBy(() -> asCommandService.queryForObject("SELECT count(*) FROM webhook.subscription", Long.class))
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("42501"));

        // revoked through query-service (ledger_query writes the list), refused by command-service (it reads it)
        String token = TestTokens.token("office-roles", "SUPERVISOR", null);
        var revoked = ledger.request(false, "POST", "/api/v1/admin/revocations",
                                     "{\"jti\":\"" + SignedJWT.parse(token).getJWTClaimsSet().getJWTID() + "\"}",
                                     "Bearer " + TestTokens.token("admin-1", "ADMIN", null));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ledger.request(true, "GET", "/actuator/prometheus", null, "Bearer " + token).status()).isEqualTo(401));
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
