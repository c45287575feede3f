package ledger.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.util.Map;

/**
 * A description for every parameter both services take, by where it goes and its name (one
 * parameter means one thing across the API), with the few that mean something else on one
 * operation named by that operation's path. A description a controller wrote itself is kept.
 */
final class ParameterDescriptions {

    private static final String INSTANT = "an ISO-8601 instant with its offset (2016-06-30T16:00:00Z), or a date"
                                          + " (2016-06-30) meaning the end of that day in the ledger's zone";

    /** "in name" (in: path, query, header): its description. */
    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("path measureId", "The measure: its plan's id and its number (gd-2016-18)."),
            Map.entry("path planId", "The plan, by its lower-case id (gd-2016). An id in another form is a 400, "
                                     + "a plan not on the ledger a 404."),
            Map.entry("path name", "The projection (event processor) to rebuild, as GET /api/v1/admin/projections "
                                  + "names it (`measure-status`)."),
            Map.entry("path subscription", "The webhook subscription's id, as its registration answered."),
            Map.entry("path delivery", "The dead-lettered delivery's id, as the dead letters list it."),
            Map.entry("query planId", "Only this plan, by its lower-case id (gd-2016); every plan when absent. An "
                                      + "id in another form is a 400, a plan not on the ledger a 404."),
            Map.entry("query status", "Only measures in this status: ASSIGNED, PLAN_SUBMITTED, IN_PROGRESS or "
                                      + "VERIFIED (any case)."),
            Map.entry("query leader", "Only measures this responsible leader (责任领导) is named for (朱小丹)."),
            Map.entry("query unit", "Only measures this lead unit (牵头单位) leads, by its canonical name (省财政厅)."),
            Map.entry("query urgency", "Only measures of this urgency today: NONE, BLUE, YELLOW or RED."),
            Map.entry("query page", "The page, from 0; 0 when absent."),
            Map.entry("query size", "Measures a page, 1..200; 20 when absent."),
            Map.entry("query sort", "Comma-separated fields among planId, number, section, dueDate, percentComplete, "
                                    + "escalationLevel, lastChangedAt, each with `-` in front for descending "
                                    + "(`dueDate,-number`); plan and number when absent."),
            Map.entry("query asOf", "The instant to show the ledger as it stood: " + INSTANT + "; urgency is judged "
                                    + "on that day. Now when absent (required for a measure's state)."),
            Map.entry("query since", "What changed after this instant is listed apart: " + INSTANT + "; not after "
                                     + "`asOf`. Nothing is listed apart when absent."),
            Map.entry("query position", "A ledger position (an event's global `position`, as the audit feed and "
                                        + "every document state it): the ledger up to it, to build the same "
                                        + "document again. The settled position when absent; above it is a 400."),
            Map.entry("query part", "Which rows: `measures` (one a measure; by default) or `events` (every event "
                                    + "applied)."),
            Map.entry("query after", "Only events after this position (exclusive): the `next` of the page before; "
                                     + "0 (from the start) when absent."),
            Map.entry("query limit", "At most this many items; 1..1000 for deliveries and dead letters (100 when "
                                     + "absent), 1..10000 for audit events (1000 when absent)."),
            Map.entry("query measureId", "Only this measure's hash chain (gd-2016-18); every chain when absent."),
            Map.entry("query digest", "The digest to check, as a bulletin, a register or `/api/v1/audit/digest` "
                                      + "stated it (hex SHA-256)."),
            Map.entry("query state", "Only deliveries in this state: PENDING, DELIVERED, DEAD or CANCELLED."),
            Map.entry("query subscription", "Only this subscription's dead letters; every subscription's when "
                                            + "absent."),
            Map.entry("query remindDaysBefore", "Days before each due date on which the lead units are reminded, "
                                                + "up to 10 values of 1..366 (`30,7,1`); the ledger's setting when "
                                                + "absent."),
            Map.entry("header Accept", "The format wanted, among those the operation lists; JSON when absent."),
            Map.entry("header Content-Type", "The body's format: the notice as published (`text/plain`, UTF-8) or a "
                                             + "JSON plan (`application/json`)."),
            Map.entry("header Last-Event-ID", "The `id` of the last event the client received: it gets what it "
                                              + "missed since. A browser's EventSource sends it when it reconnects."));

    /** "path in name": a parameter that means something else on this path. */
    private static final Map<String, String> ON_PATH = Map.of(
            "/api/v1/plans/import query planId", "The id the imported plan gets, lower case (gd-2016); derived from "
                                                 + "the notice's date and title when absent.",
            "/api/v1/audit/digest query position", "The ledger position to compute the digest at; the settled "
                                                   + "position when absent.",
            "/api/v1/audit/digest/verify query position", "The ledger position the digest was stated at.",
            "/api/v1/stream query planId", "The plan whose changes are streamed, by its lower-case id (gd-2016). An"
                                           + " id in another form is a 400, a plan not on the ledger a 404.");

    private ParameterDescriptions() {
    }

    static void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> describe(path, parameter));
            }
        }));
    }

    private static void describe(String path, Parameter parameter) {
        if (parameter.getDescription() != null && !parameter.getDescription().isBlank()) {
            return;
        }
        String key = parameter.getIn() + " " + parameter.getName();
        String description = ON_PATH.getOrDefault(path + " " + key, BY_NAME.get(key));
        if (description != null) {
            parameter.setDescription(description);
        }
    }
}
