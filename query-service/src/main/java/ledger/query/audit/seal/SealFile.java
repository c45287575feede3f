package ledger.query.audit.seal;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The copy of the seals outside the database: one JSON line per seal, appended and forced to
 * disk. Its path is configurable so that a site can put it on other storage or ship it to a
 * witness; whoever can rewrite the database cannot then rewrite the seals as well.
 */
public final class SealFile {

    private final Path path;
    private final ObjectMapper json;

    public SealFile(Path path, ObjectMapper json) {
        this.path = path;
        this.json = json;
    }

    public Path path() {
        return path;
    }

    public synchronized void append(Seal seal) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            try (FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                     StandardOpenOption.APPEND)) {
                byte[] line = json.writeValueAsBytes(seal);
                ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
                file.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the seal file " + path, e);
        }
    }

    /** Every seal in the file; a line that is not a seal is reported by its number. */
    public synchronized List<Seal> read() {
        List<Seal> seals = new ArrayList<>();
        if (!Files.exists(path)) {
            return seals;
        }
        try {
            int number = 0;
            for (String line : Files.readAllLines(path)) {
                number++;
                if (!line.isBlank()) {
                    try {
                        seals.add(json.readValue(line, Seal.class));
                    } catch (IOException e) {
                        throw new IllegalStateException("line " + number + " of " + path + " is not a seal");
                    }
                }
            }
            return seals;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seal file " + path, e);
        }
    }
}
