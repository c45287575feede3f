package ledger.command.importing.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static ledger.command.importing.api.PlanImportController.NDJSON;

/**
 * The one OpenAPI description of {@code POST /api/v1/plans/import}, on each of its handler methods
 * (a notice or a JSON plan, answered in one piece or line by line): springdoc reads
 * {@code @Operation} and {@code @ApiResponse} as meta-annotations.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Operation(operationId = "importPlan", summary = "Import a plan",
           description = "Imports the notice as published (`text/plain`, UTF-8; `?planId=` optional) or a "
                         + "JSON plan (`application/json`): registers the plan, then assigns each measure, "
                         + "sending the ordinary commands with the caller as actor. The notice is parsed and"
                         + " every lead unit resolved before anything is written; a text it cannot read is a"
                         + " 400 naming the line. Importing the same plan again creates nothing (200, "
                         + "`created: []`); the same plan id with another text is a 409. With `Accept: "
                         + "application/x-ndjson` the answer streams one line per measure as it is assigned,"
                         + " then the result.")
@ApiResponse(responseCode = "200", description = "Imported before: nothing was created (`created` is empty).",
             content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                 schema = @Schema(implementation = PlanImportController.ImportResponse.class)),
                        @Content(mediaType = NDJSON, schema = @Schema(type = "string",
                                                                     description = ImportPlanOperation.PROGRESS_LINES))})
@ApiResponse(responseCode = "201", description = "Imported: the plan id and the measure ids created.",
             content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                 schema = @Schema(implementation = PlanImportController.ImportResponse.class)),
                        @Content(mediaType = NDJSON, schema = @Schema(type = "string",
                                                                     description = ImportPlanOperation.PROGRESS_LINES))})
@interface ImportPlanOperation {

    /** What an NDJSON answer holds. */
    String PROGRESS_LINES = "One JSON object a line: each measure as it is assigned, then the result (as the JSON"
                            + " answer), or the error as a problem.";
}
