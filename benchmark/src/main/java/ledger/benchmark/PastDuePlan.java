package ledger.benchmark;

import ledger.rawhttp.RawHttp;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.locks.LockSupport;

/**
 * A plan imported while the commands arrive, whose measures were due yesterday: each assignment
 * schedules its measure's overdue deadline, which is already due, so the deadlines fire and the
 * ledger urges (or escalates) every measure by itself during the measured load. The synthetic ledger has no
 * scheduled deadlines of its own (it is written straight into the event store).
 */
final class PastDuePlan {

    static final String PLAN = "bench-due";

    private PastDuePlan() {
    }

    /** Imports the plan through the command API; true when every measure was created. */
    static boolean importPlan(RawHttp http, String commandUrl, String supervisorToken, int measures) throws IOException {
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
        StringBuilder plan = new StringBuilder(measures * 300).append("""
                {"planId":"%s","title":"基准逾期方案","issuer":"基准","issueDate":"%s","deadline":"%s","measures":[""".formatted(
                PLAN, yesterday.minusDays(30), yesterday));
        for (int n = 1; n <= measures; n++) {
            plan.append(n > 1 ? "," : "").append("""
                    {"section":1,"sectionTitle":"基准章节","number":%d,"title":"逾期措施 %d","description":"已逾期。",
                     "leaders":["朱小丹"],"leadUnits":["省政府办公厅","省财政厅"],"dueDate":"%s"}""".formatted(n, n, yesterday));
        }
        RawHttp.Response answer = http.postJson(commandUrl + "/api/v1/plans/import", plan.append("]}").toString(),
                                         supervisorToken);
        return answer.status() / 100 == 2;
    }

    /**
     * Waits until the ledger acted on each measure of the plan by itself (urged it, the first step
     * after a due date passes, or escalated it); answers on how many it did.
     */
    static long awaitEscalations(String dbUrl, String user, String password, int measures, Duration patience)
            throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        long escalated = 0;
        try (Connection connection = DriverManager.getConnection(dbUrl, user, password);
             PreparedStatement count = connection.prepareStatement("""
                     SELECT count(DISTINCT aggregate_identifier) FROM event_store.domain_event_entry
                      WHERE aggregate_identifier LIKE ? AND payload_type IN ('MeasureUrged', 'MeasureEscalated')""")) {
            count.setString(1, PLAN + "-%");
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    escalated = rs.getLong(1);
                }
                if (escalated >= measures) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
        return escalated;
    }
}
