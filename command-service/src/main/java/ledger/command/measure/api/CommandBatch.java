package ledger.command.measure.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;

import java.util.List;

/**
 * The body of {@code POST /api/v1/commands} as {@link CommandBatchReader} reads it: its items each
 * still as sent, so that one bad item refuses no other ({@link BatchItems} reads each).
 */
public record CommandBatch(List<JsonNode> items) {

    /**
     * One item: the body of one command endpoint ({@code B}, checked as that endpoint checks it),
     * with what its headers would say: {@code expectedVersion} for If-Match, its own
     * {@code idempotencyKey}.
     */
    public record Item<B>(String command, String measureId, Long expectedVersion, String idempotencyKey,
                          @Schema(implementation = JsonNode.class) @Valid B body) {
    }
}
