package ledger.command.measure.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import ledger.command.commons.ActorResolver;
import ledger.command.commons.RequestHeaders;
import ledger.command.dispatch.CommandDispatcher;
import ledger.command.measure.api.BatchOutcome.ItemOutcome;
import ledger.command.measure.api.CommandBatch.Item;
import ledger.messages.Actor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static ledger.command.measure.api.CommandBatchReader.NDJSON;

/**
 * Many measure commands in one request, for internal services that report many measures at once
 * (a JSON array, or NDJSON: one item a line; read by {@link CommandBatchReader}). Each item is the
 * body of one command endpoint with what its headers would say, and gets its own outcome: the same
 * status and problem+json body the endpoint would answer ({@link BatchItems}). The items are sent
 * together, so the command bus commits them in few transactions; an item is answered "done" only
 * once its events are committed, and one refused item fails no other.
 */
@Tag(name = "Measure commands")
@RestController
@RequestMapping(path = "/api/v1/commands")
public class BatchCommandController {

    private final CommandDispatcher dispatcher;
    private final ActorResolver actorResolver;
    private final BatchItems items;

    BatchCommandController(CommandDispatcher dispatcher, ActorResolver actorResolver, BatchItems items) {
        this.dispatcher = dispatcher;
        this.actorResolver = actorResolver;
        this.items = items;
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendCommands", summary = "Send many commands at once",
               description = "A JSON array (or NDJSON, one item a line) of up to 1,000 measure commands, each "
                             + "the body of its own endpoint with its `command`, `measureId`, optional "
                             + "`expectedVersion` (If-Match) and own `idempotencyKey`. Every item is checked "
                             + "first, then all are sent together and committed in a few transactions. 200 "
                             + "with each item's outcome (its endpoint's status and answer, or problem) when at "
                             + "least one was done; when none was, the batch is refused as a problem+json with "
                             + "the status the items share (422 when they differ) and every item's outcome.")
    @ApiResponse(responseCode = "404", description = "No item was done, each for want of its measure; `items` says so.")
    @ApiResponse(responseCode = "412", description = "No item was done, each for a stale `expectedVersion`; `items` says so.")
    @ApiResponse(responseCode = "422", description = "No item was done, for different reasons (or each for an "
                                                     + "`idempotencyKey` used before with another request): `items` "
                                                     + "holds every item's outcome.")
    @ApiResponse(responseCode = "200", description = "At least one item was done: each item's outcome, in order.",
                 content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = BatchOutcome.class)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                     array = @ArraySchema(schema = @Schema(implementation = Item.class))),
            @Content(mediaType = NDJSON, schema = @Schema(type = "string", description = "One item a line."))})
    public ResponseEntity<?> sendCommands(@RequestBody CommandBatch batch, HttpServletRequest request) {
        Actor actor = actorResolver.resolve(request);
        String correlationId = RequestHeaders.correlationId(request);
        // every item is read and checked first; then all are sent at once, none waiting for another
        List<Supplier<CompletableFuture<ItemOutcome>>> checked = new ArrayList<>(batch.items().size());
        for (int index = 0; index < batch.items().size(); index++) {
            checked.add(check(index, batch.items().get(index), actor, correlationId));
        }
        List<CompletableFuture<ItemOutcome>> sent = checked.stream().map(Supplier::get).toList();
        return BatchOutcome.answer(sent.stream().map(CompletableFuture::join).toList(), correlationId);
    }

    /** How to send the item once it is read and checked; or its refusal. */
    private Supplier<CompletableFuture<ItemOutcome>> check(int index, JsonNode node, Actor actor,
                                                           String correlationId) {
        BatchItems.Bound item;
        try {
            item = items.bind(node);
        } catch (Exception e) {
            ItemOutcome refused = ItemOutcome.failed(index, e);
            return () -> CompletableFuture.completedFuture(refused);
        }
        return () -> {
            try {
                return dispatcher.dispatchAsync(item.command(), actor, correlationId, item.idempotencyKey())
                                 .handle((dispatched, failure) -> failure == null
                                         ? ItemOutcome.done(index, item.kind().success, dispatched)
                                         : ItemOutcome.failed(index, failure));
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(ItemOutcome.failed(index, e));
            }
        };
    }
}
