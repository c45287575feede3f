package ledger.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of the ledger's three processes, from /proc: each service's JVM (all its threads), and
 * PostgreSQL (the postmaster, every live backend, and the backends that exited, which the kernel
 * adds to the postmaster's children's time when it reaps them). On a system without /proc, or with
 * an external PostgreSQL, what cannot be read is left out and the report says so.
 */
final class ProcessCpu {

    /** USER_HZ: the unit of /proc's times on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path dataDirectory;

    ProcessCpu(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** Seconds of CPU so far, by process: command-service, query-service, PostgreSQL. */
    Map<String, Double> seconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pidFile(dataDirectory.resolve("run").resolve("command-service.pid"))
                .flatMap(pid -> ticks(pid, false)).ifPresent(t -> seconds.put("command-service", t / TICKS_PER_SECOND));
        pidFile(dataDirectory.resolve("run").resolve("query-service.pid"))
                .flatMap(pid -> ticks(pid, false)).ifPresent(t -> seconds.put("query-service", t / TICKS_PER_SECOND));
        pidFile(dataDirectory.resolve("postgres").resolve("postmaster.pid")).ifPresent(postmaster -> {
            Optional<Long> own = ticks(postmaster, true);
            if (own.isPresent()) {
                long total = own.get();
                for (ProcessHandle backend : ProcessHandle.of(postmaster).map(p -> p.children().toList())
                                                          .orElse(java.util.List.of())) {
                    total += ticks(backend.pid(), false).orElse(0L);
                }
                seconds.put("PostgreSQL", total / TICKS_PER_SECOND);
            }
        });
        return seconds;
    }

    private static Optional<Long> pidFile(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(file).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime + stime (and, for a parent, its reaped children's) in ticks. */
    private static Optional<Long> ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name, in parentheses, may hold spaces: the fields after it are plain
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3): utime is field 14, stime 15, cutime 16, cstime 17
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return Optional.of(ticks);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
