package ledger.faults;

import ledger.rawhttp.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What must hold after the faults, read from PostgreSQL itself and from the audit API: every
 * acknowledged command stored exactly once, one event per request, no gaps, chains intact, and
 * the views equal to a rebuild from scratch.
 */
final class Checks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PATIENCE_MILLIS = 300_000;

    private final Settings settings;
    private final RawHttp http = new RawHttp(120_000);
    final Map<String, Object> figures = new LinkedHashMap<>();

    Checks(Settings settings) {
        this.settings = settings;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    }

    void storeHoldsEveryAcknowledgedCommandOnce(Load load) throws SQLException {
        Map<String, Integer> eventsPerKey = new HashMap<>();
        try (Connection db = connect();
             var query = db.prepareStatement(
                     "SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'idempotencyKey', count(*) "
                     + "FROM event_store.domain_event_entry WHERE aggregate_identifier LIKE ? GROUP BY 1")) {
            query.setString(1, settings.planId() + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(1) != null) {
                        eventsPerKey.put(rows.getString(1), rows.getInt(2));
                    }
                }
            }
        }
        long lost = 0, doubled = 0, refusedButStored = 0, unresolved = 0, unresolvedStored = 0;
        Set<String> sentKeys = new HashSet<>();
        for (Load.Outcome outcome : load.outcomes) {
            sentKeys.add(outcome.key());
            int events = eventsPerKey.getOrDefault(outcome.key(), 0);
            if (outcome.status() / 100 == 2) {
                lost += events == 0 ? 1 : 0;
                doubled += events > 1 ? 1 : 0;
            } else if (outcome.status() == 0) {
                unresolved++;
                unresolvedStored += events > 0 ? 1 : 0;
            } else {
                refusedButStored += events > 0 ? 1 : 0;
            }
        }
        long multiEvent = eventsPerKey.values().stream().filter(n -> n > 1).count();
        long unknownKeys = eventsPerKey.keySet().stream().filter(k -> k.startsWith("faults-") && !sentKeys.contains(k)).count();
        figures.put("requests", load.outcomes.size());
        figures.put("acknowledged", load.acknowledged());
        figures.put("lost", lost);
        figures.put("doubled", doubled);
        figures.put("requestsWithTwoOrMoreEvents", multiEvent);
        figures.put("refusedButStored", refusedButStored);
        figures.put("unresolved", unresolved);
        figures.put("unresolvedButStored", unresolvedStored);
        figures.put("storedUnderUnknownKey", unknownKeys);
    }

    void sequencesHaveNoGaps() throws SQLException {
        try (Connection db = connect(); var statement = db.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FILTER (WHERE lo <> 0 OR hi <> n - 1), count(*) FROM ("
                     + "SELECT aggregate_identifier, min(sequence_number) lo, max(sequence_number) hi, count(*) n "
                     + "FROM event_store.domain_event_entry GROUP BY 1) a")) {
            rows.next();
            figures.put("aggregatesWithGaps", rows.getLong(1));
            figures.put("aggregates", rows.getLong(2));
        }
    }

    /** The ledger-wide verification, and each measure's own, so that a count of broken chains can be given. */
    void chainsVerify() throws IOException, SQLException {
        String auditor = settings.token("AUDITOR");
        RawHttp.Response all = http.get(settings.queryUrl(), "/api/v1/audit/verify", auditor);
        JsonNode whole = all.status() == 200 ? JSON.readTree(all.body()) : null;
        figures.put("ledgerChainIntact", whole != null && whole.path("intact").asBoolean(false));
        figures.put("eventsChecked", whole == null ? 0 : whole.path("eventsChecked").asLong());
        if (whole != null && !whole.path("firstBroken").isNull()) {
            figures.put("firstBroken", whole.path("firstBroken").toString());
        }
        long broken = 0, checked = 0;
        try (Connection db = connect(); var statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT measure_id FROM query_view.measure_status")) {
            while (rows.next()) {
                checked++;
                RawHttp.Response one = http.get(settings.queryUrl(), "/api/v1/audit/verify?measureId=" + rows.getString(1), auditor);
                if (one.status() != 200 || !JSON.readTree(one.body()).path("intact").asBoolean(false)) {
                    broken++;
                }
            }
        }
        figures.put("measureChainsChecked", checked);
        figures.put("brokenChains", broken);
    }

    /**
     * Row for row: each view's rows (md5 of the whole row) once the views have caught up, then again
     * after a full replay; any row missing, added or different counts.
     */
    void viewsEqualARebuild() throws Exception {
        awaitCaughtUp();
        long head = head();
        Map<String, String> before = snapshot();
        RawHttp.Response replay = http.send("POST", settings.queryUrl(), "/api/v1/admin/projections/replay",
                                         RawHttp.bearer(settings.token("ADMIN")), null);
        figures.put("replayStatus", replay.status());
        Load.sleep(500);
        long started = System.nanoTime();
        awaitCaughtUp();
        figures.put("rebuildSeconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        Map<String, String> after = snapshot();
        long differing = 0;
        for (Map.Entry<String, String> row : before.entrySet()) {
            if (!row.getValue().equals(after.get(row.getKey()))) {
                differing++;
            }
        }
        differing += after.keySet().stream().filter(k -> !before.containsKey(k)).count();
        figures.put("viewRowsCompared", before.size());
        figures.put("viewRowsDifferingFromRebuild", differing);
        figures.put("eventsAppendedDuringRebuild", head() - head);
    }

    /** Until no projection replays and each has reached the head of the store, twice in a row. */
    void awaitCaughtUp() throws IOException {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        int settled = 0;
        while (settled < 2) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the views did not catch up within " + PATIENCE_MILLIS / 1000 + " s");
            }
            RawHttp.Response status = http.get(settings.queryUrl(), "/api/v1/admin/projections", settings.token("ADMIN"));
            boolean caughtUp = status.status() == 200;
            if (caughtUp) {
                for (JsonNode projection : JSON.readTree(status.body())) {
                    caughtUp &= !projection.path("replaying").asBoolean() && projection.path("lag").asLong(1) == 0
                                && projection.path("running").asBoolean();
                }
            }
            settled = caughtUp ? settled + 1 : 0;
            Load.sleep(caughtUp ? 300 : 200);
        }
    }

    long head() throws SQLException {
        try (Connection db = connect(); var statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM event_store.domain_event_entry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Map<String, String> snapshot() throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection db = connect(); var statement = db.createStatement()) {
            for (String[] view : new String[][]{{"measure_status", "measure_id"}, {"audit_trail", "event_id"}}) {
                try (ResultSet result = statement.executeQuery(
                        "SELECT " + view[1] + ", md5(v::text) FROM query_view." + view[0] + " v")) {
                    while (result.next()) {
                        rows.put(view[0] + ":" + result.getString(1), result.getString(2));
                    }
                }
            }
        }
        return rows;
    }
}
