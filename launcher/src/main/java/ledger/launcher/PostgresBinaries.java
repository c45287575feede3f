package ledger.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Guards the folder where zonky unpacks PostgreSQL's binaries ({@code java.io.tmpdir/embedded-pg},
 * or the {@code ot.epg.working-dir} property), so that a first start on a fresh machine works and a
 * broken unpack repairs itself.
 * <p>
 * zonky marks a finished unpack with a {@code .exists} file, but an unpack that died half way (a
 * JVM out of memory, a kill) leaves {@code lib} and {@code share} without {@code bin}, and every
 * later unpack into it fails with {@code FileAlreadyExistsException}. Its lock between processes
 * gives up after 60 seconds, and the waiter deletes the lock file the unpacker still holds. So
 * every start of this project takes a lock of its own on the folder, removes what is not a whole
 * unpack, and only then lets zonky look: with the lock held, zonky never meets a half-written
 * folder and never waits for another process.
 */
public final class PostgresBinaries {

    static final String LOCK_FILE = ".ledger-unpack.lock";
    private static final Duration POLL = Duration.ofMillis(200);

    private PostgresBinaries() {
    }

    /** The folder zonky unpacks into, by its own rule. */
    public static Path workingDirectory() {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        return Path.of(System.getProperty("ot.epg.working-dir", temporary.toString()));
    }

    /** Something that starts PostgreSQL (and so may unpack its binaries). */
    @FunctionalInterface
    public interface Start<T> {
        T start() throws IOException;
    }

    /**
     * Runs {@code start} while this process alone may unpack into {@code folder}, after removing
     * what an unpack that died left behind. Another process that holds the lock is waited for, at
     * most {@code patience}.
     */
    public static <T> T guarded(Path folder, Duration patience, Start<T> start) throws IOException {
        Files.createDirectories(folder);
        try (FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                                                    StandardOpenOption.WRITE);
             FileLock ignored = lock(channel, folder, patience)) {
            for (Path broken : repair(folder)) {
                System.out.println("removed a half-unpacked PostgreSQL in " + broken + " (it is unpacked again)");
            }
            return start.start();
        }
    }

    private static FileLock lock(FileChannel channel, Path folder, Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        boolean said = false;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (!said) {
                System.out.println("waiting for another start that is unpacking PostgreSQL into " + folder);
                said = true;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("another process has been unpacking PostgreSQL into " + folder + " for "
                                      + patience.toSeconds() + " s; stop it, or delete that folder, and start again");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to unpack PostgreSQL", e);
            }
        }
    }

    /**
     * Removes every unpack folder ({@code PG-…}) that is not whole, by zonky's own test (a
     * {@code .exists} marker newer than everything beside it) and a {@code bin/postgres}. Call it
     * only with the lock held.
     *
     * @return the folders removed
     */
    static List<Path> repair(Path folder) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> unpacks = Files.list(folder)) {
            for (Path unpack : unpacks.filter(p -> p.getFileName().toString().startsWith("PG-"))
                                      .filter(Files::isDirectory).toList()) {
                // another process may be unpacking it without our lock (a test JVM, through zonky alone):
                // zonky holds its own lock on the folder's .lock meanwhile, and then it is left alone
                if (!whole(unpack) && !beingUnpacked(unpack)) {
                    delete(unpack);
                    removed.add(unpack);
                }
            }
        }
        return removed;
    }

    static boolean beingUnpacked(Path unpack) throws IOException {
        Path zonkyLock = unpack.resolve(".lock");
        if (!Files.exists(zonkyLock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(zonkyLock, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;   // held by this very JVM
        }
    }

    static boolean whole(Path unpack) throws IOException {
        Path marker = unpack.resolve(".exists");
        if (!Files.isRegularFile(marker) || !Files.isExecutable(unpack.resolve("bin").resolve("postgres"))) {
            return false;
        }
        FileTime marked = Files.getLastModifiedTime(marker);
        // zonky's isPgBinReady: the folder and everything in it no newer than the marker (100 ms slack)
        if (Files.getLastModifiedTime(unpack).toMillis() - 100 > marked.toMillis()) {
            return false;
        }
        try (Stream<Path> entries = Files.list(unpack)) {
            for (Path entry : entries.filter(p -> !p.equals(marker)).toList()) {
                if (Files.getLastModifiedTime(entry).compareTo(marked) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
