package ledger.command.archive.api;

import ledger.command.archive.ArchiveException;
import ledger.command.archive.ArchiveFormat;
import ledger.command.archive.LedgerExport;
import ledger.command.archive.LedgerRestore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The administrator's export and restore, behind {@code ./ledger export} and usable on their own.
 * The directory is on the machine command-service runs on. With {@code Accept:
 * application/x-ndjson} the answer streams progress lines, then the result (or the error) as the
 * last line.
 */
@Tag(name = "Administration",
     description = "Export of the whole ledger and its restore into an empty one (docs/EXPORT.md).")
@RestController
@RequestMapping(path = "/api/v1/admin")
public class ArchiveController {

    public static final String NDJSON = "application/x-ndjson";

    private final LedgerExport export;
    private final LedgerRestore restore;
    private final ObjectMapper json;

    public ArchiveController(LedgerExport export, LedgerRestore restore, ObjectMapper json) {
        this.export = export;
        this.restore = restore;
        this.json = json;
    }

    public record DirectoryRequest(String directory) {
    }

    @Operation(operationId = "exportLedger", summary = "Export the whole ledger",
               description = "Writes every stored event, the idempotency keys, the pending deadlines, the "
                             + "event schemas and a manifest with the digest into a directory on the machine "
                             + "command-service runs on (docs/EXPORT.md). With `Accept: application/x-ndjson` "
                             + "the answer streams progress lines, then the result as the last line.")
    @PostMapping(path = "/export", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode export(@RequestBody DirectoryRequest request) {
        return export.export(directory(request), ArchiveFormat.Progress.NONE);
    }

    @Operation(operationId = "exportLedger", summary = "Export the whole ledger",
               description = "Writes every stored event, the idempotency keys, the pending deadlines, the "
                             + "event schemas and a manifest with the digest into a directory on the machine "
                             + "command-service runs on (docs/EXPORT.md). With `Accept: application/x-ndjson` "
                             + "the answer streams progress lines, then the result as the last line.")
    @PostMapping(path = "/export", produces = NDJSON)
    public ResponseEntity<StreamingResponseBody> exportWithProgress(@RequestBody DirectoryRequest request) {
        Path directory = directory(request);
        return streaming(out -> json.createObjectNode().set("manifest",
                                                            export.export(directory, progress(out))));
    }

    @Operation(operationId = "restoreLedger", summary = "Restore an export into an empty ledger",
               description = "Loads an export into this ledger's empty event store, with the same positions, "
                             + "ids, bytes and digest; refused if the store is not empty or the export is "
                             + "damaged (naming the line).")
    @PostMapping(path = "/restore", produces = MediaType.APPLICATION_JSON_VALUE)
    public LedgerRestore.Restored restore(@RequestBody DirectoryRequest request) {
        return restore.restore(directory(request), ArchiveFormat.Progress.NONE);
    }

    private interface Work {
        Object run(OutputStream out);
    }

    /** Progress lines, then the result; a refusal after the first byte comes as the last line. */
    private ResponseEntity<StreamingResponseBody> streaming(Work work) {
        StreamingResponseBody body = out -> {
            Object result;
            try {
                result = work.run(out);
            } catch (ArchiveException e) {
                result = json.createObjectNode().set("error", json.valueToTree(ArchiveProblems.problem(e)));
            }
            out.write(json.writeValueAsBytes(result));
            out.write('\n');
            out.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(body);
    }

    private ArchiveFormat.Progress progress(OutputStream out) {
        return (phase, done, total) -> {
            try {
                out.write(("{\"phase\":\"" + phase + "\",\"done\":" + done + ",\"total\":" + total + "}\n")
                                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static Path directory(DirectoryRequest request) {
        if (request == null || request.directory() == null || request.directory().isBlank()) {
            throw new ArchiveException(ArchiveException.Kind.BAD_DIRECTORY, "directory is required");
        }
        try {
            Path path = Path.of(request.directory());
            if (!path.isAbsolute()) {
                throw new ArchiveException(ArchiveException.Kind.BAD_DIRECTORY,
                                           "directory must be an absolute path on command-service's machine");
            }
            return path.normalize();
        } catch (InvalidPathException e) {
            throw new ArchiveException(ArchiveException.Kind.BAD_DIRECTORY, "directory is not a path: " + e.getReason());
        }
    }
}
