package ledger.faults;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What faults/run.sh hands the driver, from the environment. */
record Settings(String commandUrl, String queryUrl, String dbUrl, String dbUser, String dbPassword,
                Path root, Path data, boolean quick, Path output, Map<String, String> tokens,
                String unit, String planId, int measures, int clients) {

    /** The roles of the access table, and "none" for a request without a token. */
    static final String[] ROLES = {"SUPERVISOR", "UNIT", "AUDITOR", "ADMIN", "READER", "none"};

    static Settings fromEnvironment() {
        boolean quick = Boolean.parseBoolean(env("FAULTS_QUICK", "false"));
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : ROLES) {
            tokens.put(role, role.equals("none") ? null : System.getenv("FAULTS_" + role + "_TOKEN"));
        }
        return new Settings(env("FAULTS_COMMAND_URL", "http://localhost:28080"),
                            env("FAULTS_QUERY_URL", "http://localhost:28081"),
                            env("FAULTS_DB_URL", "jdbc:postgresql://localhost:35432/ledger"),
                            env("FAULTS_DB_USER", "postgres"), env("FAULTS_DB_PASSWORD", ""),
                            Path.of(env("FAULTS_ROOT", ".")).toAbsolutePath(),
                            Path.of(env("LEDGER_DATA", "/tmp/ledger-faults")).toAbsolutePath(),
                            quick, Path.of(env("FAULTS_OUTPUT", "faults-result.json")), tokens,
                            env("FAULTS_UNIT", "省财政厅"), env("FAULTS_PLAN", "faults"),
                            Integer.parseInt(env("FAULTS_MEASURES", "24")),
                            Integer.parseInt(env("FAULTS_CLIENTS", "6")));
    }

    String token(String role) {
        return tokens.get(role);
    }

    String measureId(int number) {
        return planId + "-" + number;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
