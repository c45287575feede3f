package ledger.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code run/postgres.url}: present, holding the JDBC URL, exactly while PostgreSQL accepts
 * connections; {@code ./ledger} waits for it. Written by a rename so that it is never read half
 * written.
 */
final class ReadyFile {

    private final Path file;

    ReadyFile(Path file) {
        this.file = file;
    }

    void announce(String jdbcUrl) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, jdbcUrl + "\n", StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void withdraw() throws IOException {
        Files.deleteIfExists(file);
    }
}
