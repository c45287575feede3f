package ledger.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** What zonky left behind is judged before it looks: a whole unpack is kept, a broken one removed. */
class PostgresBinariesTest {

    @TempDir
    Path folder;

    @Test
    void anUnpackThatDiedHalfWayIsRemovedAndAWholeOneKept() throws Exception {
        Path half = Files.createDirectories(folder.resolve("PG-half/lib"));
        Files.createFile(half.resolve("libpq.so"));
        Files.createDirectories(folder.resolve("PG-half/share"));
        Path whole = wholeUnpack("PG-whole");

        assertThat(PostgresBinaries.repair(folder)).containsExactly(folder.resolve("PG-half"));
        assertThat(folder.resolve("PG-half")).doesNotExist();
        assertThat(whole.resolve("bin/postgres")).exists();
    }

    @Test
    void anUnpackThatAnotherProcessIsWritingIsLeftAlone() throws Exception {
        Path unpacking = Files.createDirectories(folder.resolve("PG-unpacking/lib"));
        Files.createFile(unpacking.resolve("libpq.so"));
        // zonky holds this lock on its folder while it unpacks
        try (var channel = java.nio.channels.FileChannel.open(Files.createFile(folder.resolve("PG-unpacking/.lock")),
                                                              java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            assertThat(PostgresBinaries.repair(folder)).isEmpty();
        }
        assertThat(folder.resolve("PG-unpacking/lib/libpq.so")).exists();
        assertThat(PostgresBinaries.repair(folder)).as("once the lock is let go, it is a half unpack")
                                                  .containsExactly(folder.resolve("PG-unpacking"));
    }

    @Test
    void anUnpackChangedAfterItsMarkerIsNotWhole() throws Exception {
        Path unpack = wholeUnpack("PG-touched");
        assertThat(PostgresBinaries.whole(unpack)).isTrue();

        Files.setLastModifiedTime(unpack.resolve("bin"), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(PostgresBinaries.whole(unpack)).isFalse();
    }

    @Test
    void aMarkerWithoutTheServerBinaryIsNotWhole() throws Exception {
        Path unpack = wholeUnpack("PG-no-server");
        Files.delete(unpack.resolve("bin/postgres"));
        Files.setLastModifiedTime(unpack.resolve(".exists"), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(PostgresBinaries.whole(unpack)).isFalse();
    }

    @Test
    void theStartRunsWithTheFolderRepaired() throws Exception {
        Files.createDirectories(folder.resolve("PG-half/share"));
        AtomicBoolean repairedFirst = new AtomicBoolean();

        String result = PostgresBinaries.guarded(folder, Duration.ofSeconds(5), () -> {
            repairedFirst.set(Files.notExists(folder.resolve("PG-half")));
            return "started";
        });

        assertThat(result).isEqualTo("started");
        assertThat(repairedFirst).isTrue();
    }

    private Path wholeUnpack(String name) throws Exception {
        Path unpack = Files.createDirectories(folder.resolve(name).resolve("bin"));
        Files.createFile(unpack.resolve("postgres"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createDirectories(folder.resolve(name).resolve("lib"));
        Path marker = Files.createFile(folder.resolve(name).resolve(".exists"));
        FileTime later = FileTime.from(Instant.now().plusSeconds(5));
        Files.setLastModifiedTime(marker, later);
        return folder.resolve(name);
    }
}
