package ledger.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The launcher's database: durable settings, data kept across restarts, orphans dealt with. */
class LocalPostgresTest {

    @TempDir
    Path directory;

    @Test
    void dataSurviveARestartAndDurabilityIsOn() throws Exception {
        Path data = directory.resolve("postgres");
        int port = freePort();
        try (LocalPostgres postgres = LocalPostgres.start(data, port);
             Connection connection = postgres.connect()) {
            assertThat(setting(connection, "fsync")).isEqualTo("on");
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            connection.createStatement().execute("CREATE TABLE kept (value text)");
            connection.createStatement().execute("INSERT INTO kept VALUES ('before restart')");
        }
        try (LocalPostgres postgres = LocalPostgres.start(data, port);
             Connection connection = postgres.connect()) {
            assertThat(single(connection, "SELECT value FROM kept")).isEqualTo("before restart");
        }
    }

    @Test
    void aPostmasterOrphanedByAKilledLauncherIsStoppedAndTheDataKept() throws Exception {
        Path data = directory.resolve("postgres");
        Path run = directory.resolve("run");
        int port = freePort();

        // the launcher as ./ledger runs it, in its own JVM
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                                    "-cp", System.getProperty("java.class.path"),
                                                    LocalPostgres.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("launcher.log").toFile());
        builder.environment().put("LEDGER_DATA_DIR", data.toString());
        builder.environment().put("LEDGER_RUN_DIR", run.toString());
        builder.environment().put("LEDGER_DB_PORT", Integer.toString(port));
        Process launcher = builder.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(run.resolve("postgres.url")) || !launcher.isAlive());
        assertThat(launcher.isAlive()).as(Files.readString(directory.resolve("launcher.log"))).isTrue();
        String url = Files.readString(run.resolve("postgres.url")).strip();
        try (Connection connection = java.sql.DriverManager.getConnection(url, LocalPostgres.USER, "")) {
            connection.createStatement().execute("CREATE TABLE kept (value text)");
            connection.createStatement().execute("INSERT INTO kept VALUES ('written before the kill')");
        }

        launcher.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook runs
        long orphan = postmasterPid(data);
        assertThat(ProcessHandle.of(orphan)).as("the postmaster outlives its launcher").hasValueSatisfying(
                process -> assertThat(process.isAlive()).isTrue());

        try (LocalPostgres postgres = LocalPostgres.start(data, port);
             Connection connection = postgres.connect()) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(postmasterPid(data)).isNotEqualTo(orphan);
            assertThat(single(connection, "SELECT value FROM kept")).isEqualTo("written before the kill");
        }
    }

    private static long postmasterPid(Path data) throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
        return Long.parseLong(lines.get(0).strip());
    }

    private static String setting(Connection connection, String name) throws SQLException {
        return single(connection, "SHOW " + name);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
