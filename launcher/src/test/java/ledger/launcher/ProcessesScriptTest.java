package ledger.launcher;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bash checks of {@code ./ledger} (launcher/src/main/bash/processes.sh), run by bash: a PID
 * file is believed only for a live process that carries our tags, and health and port checks work
 * with curl and without it.
 */
class ProcessesScriptTest {

    private static final Path SCRIPT = Path.of("src/main/bash/processes.sh").toAbsolutePath();

    @TempDir
    Path directory;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopStarted() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void aPidFileNamingAnotherLiveProcessIsNotRunning() throws Exception {
        Process sleep = start(new ProcessBuilder("sleep", "600"));
        Path pidFile = pidFile("command-service", sleep.pid());

        assertThat(bash("kill -0 \"$1\"", Long.toString(sleep.pid()))).as("the process lives").isZero();
        assertThat(running(pidFile, "command-service", directory)).isNotZero();
    }

    @Test
    void aZombieIsNotRunning() throws Exception {
        // the child exits at once; its parent then becomes a sleep, which never reaps it
        Process parent = start(new ProcessBuilder("bash", "-c", "sleep 0 & echo $!; exec sleep 600"));
        long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                                                                             StandardCharsets.UTF_8)).readLine().strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> state(zombie).equals("Z"));
        Path pidFile = pidFile("query-service", zombie);

        assertThat(bash("kill -0 \"$1\"", Long.toString(zombie))).as("kill -0 takes a zombie for alive").isZero();
        assertThat(running(pidFile, "query-service", directory)).isNotZero();
    }

    @Test
    void ourLauncherIsRunningForItsOwnDataOnly() throws Exception {
        Path data = directory.resolve("data");
        ProcessBuilder builder = new ProcessBuilder(java(), "-Dledger.process=postgres", "-Dledger.data=" + data,
                                                    "-cp", System.getProperty("java.class.path"),
                                                    LocalPostgres.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("launcher.log").toFile());
        builder.environment().put("LEDGER_DATA_DIR", data.resolve("postgres").toString());
        builder.environment().put("LEDGER_RUN_DIR", data.resolve("run").toString());
        builder.environment().put("LEDGER_DB_PORT", Integer.toString(freePort()));
        Process launcher = start(builder);
        Path pidFile = pidFile("postgres", launcher.pid());
        // stopped in @AfterEach; let it finish starting PostgreSQL first, so nothing is left behind
        await().atMost(Duration.ofSeconds(120))
               .until(() -> Files.exists(data.resolve("run/postgres.url")) || !launcher.isAlive());

        assertThat(running(pidFile, "postgres", data)).isZero();
        assertThat(running(pidFile, "postgres", directory.resolve("another-ledger"))).isNotZero();
        assertThat(running(pidFile, "command-service", data)).isNotZero();
        assertThat(running(directory.resolve("missing.pid"), "postgres", data)).isNotZero();
    }

    @Test
    void aPortIsListeningOnlyWhileSomethingAcceptsOnIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
            assertThat(bash("listening \"$1\"", Integer.toString(port))).isZero();
        }
        assertThat(bash("listening \"$1\"", Integer.toString(port))).isNotZero();
    }

    @Test
    void healthIsUpOnlyOnA200WithStatusUpWithCurlAndWithout() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] status = {200};
        server.createContext("/actuator/health", exchange -> {
            byte[] body = (status[0] == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            Map<String, String> noCurl = Map.of("PATH", directory.resolve("empty").toString());
            assertThat(bash(Map.of(), "command -v curl")).as("curl on this machine").isZero();
            assertThat(bash(noCurl, "! command -v curl")).isZero();

            assertThat(bash(Map.of(), "healthy \"$1\"", port)).isZero();
            assertThat(bash(noCurl, "healthy \"$1\"", port)).isZero();
            status[0] = 503;
            assertThat(bash(Map.of(), "healthy \"$1\"", port)).isNotZero();
            assertThat(bash(noCurl, "healthy \"$1\"", port)).isNotZero();
        } finally {
            server.stop(0);
        }
        String closed = Integer.toString(server.getAddress().getPort());
        assertThat(bash(Map.of(), "healthy \"$1\"", closed)).isNotZero();
        assertThat(bash(Map.of("PATH", directory.toString()), "healthy \"$1\"", closed)).isNotZero();
    }

    /** Runs the check as ./ledger does: {@code running PIDFILE -Dledger.process=NAME -Dledger.data=DATA}. */
    private int running(Path pidFile, String name, Path data) throws Exception {
        return bash("running \"$1\" \"$2\" \"$3\"", pidFile.toString(), "-Dledger.process=" + name, "-Dledger.data=" + data);
    }

    private int bash(String command, String... args) throws Exception {
        return bash(Map.of(), command, args);
    }

    private int bash(Map<String, String> environment, String command, String... args) throws Exception {
        Path output = directory.resolve("bash.out");
        Process bash = bashProcess(environment, output, command, args);
        return bash.exitValue();
    }

    /** What the command prints. */
    private String bashOutput(String command, String... args) throws Exception {
        Path output = directory.resolve("bash.out");
        bashProcess(Map.of(), output, command, args);
        return Files.readString(output).strip();
    }

    private Process bashProcess(Map<String, String> environment, Path output, String command, String... args)
            throws Exception {
        List<String> line = new ArrayList<>(List.of("bash", "-c", ". \"$0\" && " + command, SCRIPT.toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process bash = builder.start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return bash;
    }

    /** ./ledger start says why a start failed in one line; the trace stays in the log. */
    @Test
    void aFailedStartIsExplainedInOneLineFromItsLog() throws Exception {
        Path log = directory.resolve("service.log");
        Files.writeString(log, """
                2026-12-07 INFO starting
                ***************************
                APPLICATION FAILED TO START
                ***************************

                Description:

                Failed to configure a DataSource: 'url' attribute is not specified.

                Action:
                """);
        assertThat(bashOutput("failure_cause \"$1\"", log.toString()))
                .isEqualTo("Failed to configure a DataSource: 'url' attribute is not specified.");

        Files.writeString(log, """
                [postgres] 2026-12-07 LOG:  starting PostgreSQL 14.22
                [postgres] 2026-12-07 LOG:  could not bind IPv4 address "127.0.0.1": Address already in use
                java.lang.IllegalStateException: Process [pg_ctl] failed
                	at io.zonky.EmbeddedPostgres.start(EmbeddedPostgres.java:1)
                ledger: PostgreSQL did not start: IllegalStateException: Process [pg_ctl] failed
                """);
        assertThat(bashOutput("failure_cause \"$1\"", log.toString()))
                .isEqualTo("could not bind IPv4 address \"127.0.0.1\": Address already in use");

        Files.writeString(log, """
                ledger: PostgreSQL did not start: OutOfMemoryError: Java heap space
                java.lang.OutOfMemoryError: Java heap space
                	at java.base/java.util.Arrays.copyOf(Arrays.java:3541)
                """);
        assertThat(bashOutput("failure_cause \"$1\"", log.toString()))
                .isEqualTo("PostgreSQL did not start: OutOfMemoryError: Java heap space");

        Files.writeString(log, """
                org.springframework.beans.factory.BeanCreationException: Error creating bean
                	at org.springframework.Some.method(Some.java:1)
                Caused by: java.net.ConnectException: Connection refused
                	at java.base/sun.nio.ch.Net.connect0(Native Method)
                """);
        assertThat(bashOutput("failure_cause \"$1\"", log.toString()))
                .isEqualTo("java.net.ConnectException: Connection refused");
    }

    private Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private Path pidFile(String name, long pid) throws IOException {
        return Files.writeString(directory.resolve(name + ".pid"), pid + "\n");
    }

    private static String state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
