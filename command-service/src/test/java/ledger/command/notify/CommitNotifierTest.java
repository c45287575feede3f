package ledger.command.notify;

import ledger.command.support.LedgerApiTest;
import ledger.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After events are committed, the readers in other processes are told (query-service listens);
 * a refused command, which commits nothing, tells nobody.
 */
class CommitNotifierTest extends LedgerApiTest {

    @Test
    void aCommitOfEventsIsNotifiedAndARefusalIsNot() throws Exception {
        String planId = registeredPlanId();
        try (Connection listener = DriverManager.getConnection(TestDatabase.jdbcUrl(), "postgres", "postgres")) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN " + CommitNotifier.CHANNEL);
            }
            PGConnection postgres = listener.unwrap(PGConnection.class);
            drain(postgres, 1_000);

            // refused: the measure does not exist
            assertThat(unit("省编办").post("/api/v1/measures/" + planId + "-9/plan", "{\"summary\":\"x\"}").status())
                    .isEqualTo(404);
            assertThat(drain(postgres, 500)).isEmpty();

            assertThat(supervisor().post("/api/v1/measures", assignBody(planId, 1)).status()).isEqualTo(201);
            assertThat(drain(postgres, 5_000)).isNotEmpty()
                                              .allSatisfy(n -> assertThat(n.getName()).isEqualTo(CommitNotifier.CHANNEL));
        }
    }

    /** The notifications that arrive within the time (and any right behind the first). */
    private static List<PGNotification> drain(PGConnection postgres, int millis) throws Exception {
        List<PGNotification> arrived = new ArrayList<>();
        PGNotification[] batch = postgres.getNotifications(millis);
        while (batch != null && batch.length > 0) {
            arrived.addAll(List.of(batch));
            batch = postgres.getNotifications(50);
        }
        return arrived;
    }
}
