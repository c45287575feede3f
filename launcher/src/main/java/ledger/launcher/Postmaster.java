package ledger.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The postmaster of one data directory, as the operating system sees it: its PID (first line of
 * {@code postmaster.pid}), whether it still runs, and what is left behind when it does not.
 * <p>
 * A killed process whose parent does not reap it stays a zombie (PID 1 of a container often does
 * not reap); {@link ProcessHandle#of} does not report zombies, so "running" here means alive and
 * not a zombie. PostgreSQL itself, reading a stale {@code postmaster.pid}, takes a zombie for a
 * live postmaster ({@code kill(pid, 0)} succeeds) and refuses to start; so a file naming a dead
 * PID is removed once no process of the old server is left.
 */
final class Postmaster {

    private static final String PID_FILE = "postmaster.pid";

    private Postmaster() {
    }

    /** The PID named in the data directory's {@code postmaster.pid}, if there is one. */
    static Optional<Long> pid(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(lines.get(0).strip()));
    }

    static boolean running(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Postmaster::isPostgres).isPresent();
    }

    /**
     * Stops a postmaster that still runs on this data directory although nothing of ours owns it:
     * fast shutdown (SIGINT), then immediate (SIGQUIT) if it will not go.
     *
     * @return the PID stopped, if there was one
     */
    static Optional<Long> stopOrphaned(Path dataDirectory, Duration patience) throws IOException {
        Optional<Long> pid = pid(dataDirectory);
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                                             .filter(Postmaster::isPostgres);
        if (process.isEmpty()) {
            return Optional.empty();
        }
        signal("INT", pid.get());
        if (!exited(process.get(), patience)) {
            signal("QUIT", pid.get());
            if (!exited(process.get(), patience)) {
                throw new IOException("orphaned postmaster " + pid.get() + " on " + dataDirectory + " will not stop");
            }
        }
        return pid;
    }

    /**
     * After the postmaster died without shutting down (SIGKILL, a crash): waits for the server's
     * other processes to notice and exit, kills those still there after the grace (a backend busy
     * in a long statement does not notice, and one still attached to the shared memory stops a new
     * postmaster), and removes the stale {@code postmaster.pid}.
     *
     * @return the dead postmaster's PID, if the data directory named one
     */
    static Optional<Long> clearDead(Path dataDirectory, Duration grace) throws IOException {
        Optional<Long> pid = pid(dataDirectory);
        if (pid.isEmpty() || running(pid.get())) {
            return Optional.empty();
        }
        Instant deadline = Instant.now().plus(grace);
        List<ProcessHandle> left = serverProcesses(dataDirectory);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
            left = serverProcesses(dataDirectory);
        }
        for (ProcessHandle process : left) {
            System.out.println("killing PID " + process.pid() + ", left over from the dead postmaster " + pid.get());
            process.destroyForcibly();
            exited(process, Duration.ofSeconds(10));
        }
        Files.deleteIfExists(dataDirectory.resolve(PID_FILE));
        return pid;
    }

    /** The live postgres processes working in this data directory (PostgreSQL chdirs into it). */
    static List<ProcessHandle> serverProcesses(Path dataDirectory) throws IOException {
        Path directory = dataDirectory.toRealPath();
        return ProcessHandle.allProcesses()
                            .filter(ProcessHandle::isAlive)
                            .filter(Postmaster::isPostgres)
                            .filter(process -> directory.equals(workingDirectory(process).orElse(null)))
                            .toList();
    }

    private static Optional<Path> workingDirectory(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();   // gone, not ours to read, or no /proc
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(true);
    }

    private static void signal(String signal, long pid) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid, e);
        }
    }

    private static boolean exited(ProcessHandle process, Duration patience) {
        try {
            process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static void pause(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
