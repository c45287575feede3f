package ledger.query.status.api;

import ledger.query.commons.InvalidQueryException;
import ledger.query.commons.PlanParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Urgency;
import ledger.messages.query.FindMeasure;
import ledger.messages.query.GetMeasureHistory;
import ledger.messages.query.GetMeasureState;
import ledger.messages.query.ListMeasures;
import ledger.messages.query.MeasureHistory;
import ledger.messages.query.MeasurePage;
import ledger.messages.query.MeasureView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Status views and histories. Every answer comes through Axon's query bus. */
@Tag(name = "Measures",
     description = "Status views of measures, a measure's history and its state at an instant.")
@RestController
@RequestMapping(path = "/api/v1/measures", produces = MediaType.APPLICATION_JSON_VALUE)
public class MeasureQueryController {

    static final int MAX_PAGE_SIZE = 200;

    private final QueryGateway queries;
    private final PlanParameters plans;

    public MeasureQueryController(QueryGateway queries, PlanParameters plans) {
        this.queries = queries;
        this.plans = plans;
    }

    /**
     * A page of status views. {@code sort} is a comma-separated list of fields (planId, number,
     * section, dueDate, percentComplete, escalationLevel, lastChangedAt), each optionally prefixed
     * with {@code -} for descending; by default plan and number.
     */
    @Operation(operationId = "listMeasures", summary = "List measures",
               description = "A page of status views, filtered by `status`, `leader`, `unit`, `planId` and "
                             + "`urgency`, paged by `page` (from 0) and `size` (1..200), sorted by `sort` "
                             + "(comma-separated fields, `-` for descending; by default plan and number).")
    @GetMapping
    public MeasurePage list(@RequestParam(required = false) String status,
                            @RequestParam(required = false) String leader,
                            @RequestParam(required = false) String unit,
                            @RequestParam(required = false) String planId,
                            @RequestParam(required = false) String urgency,
                            @RequestParam(required = false) String page,
                            @RequestParam(required = false) String size,
                            @RequestParam(required = false) String sort) {
        var query = new ListMeasures(enumValue(MeasureStatus.class, "status", status), text("leader", leader),
                                     text("unit", unit), plans.optional(planId),
                                     enumValue(Urgency.class, "urgency", urgency),
                                     integer("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE),
                                     integer("size", size, 20, 1, MAX_PAGE_SIZE), sortOrders(sort));
        return queries.query(query, ResponseTypes.instanceOf(MeasurePage.class)).join();
    }

    @Operation(operationId = "getMeasure", summary = "A measure's status view",
               description = "The measure as its status view holds it: plan, section, number, title, leaders, "
                             + "lead units, status, percent complete, due date, urgency, escalation level, "
                             + "version and last change.")
    @GetMapping("/{measureId}")
    public MeasureView measure(@PathVariable String measureId) {
        return queries.query(new FindMeasure(measureId), ResponseTypes.optionalInstanceOf(MeasureView.class))
                      .join()
                      .orElseThrow(() -> new UnknownMeasureException(measureId));
    }

    @Operation(operationId = "measureHistory", summary = "A measure's history",
               description = "Every event of the measure in order, with its sequence, type, time, actor and "
                             + "payload: the audit trail.")
    @GetMapping("/{measureId}/history")
    public ResponseEntity<MeasureHistory> history(@PathVariable String measureId) {
        MeasureHistory history = queries.query(new GetMeasureHistory(measureId),
                                               ResponseTypes.instanceOf(MeasureHistory.class)).join();
        if (history.events().isEmpty()) {
            throw new UnknownMeasureException(measureId);
        }
        return ResponseEntity.ok(history);
    }

    /** The measure as it stood at an instant, rebuilt from the event store. */
    @Operation(operationId = "measureStateAt", summary = "A measure as it stood at an instant",
               description = "The measure rebuilt from its events up to `asOf` (an ISO-8601 instant), urgency "
                             + "judged on that day.")
    @GetMapping("/{measureId}/state")
    public MeasureView state(@PathVariable String measureId, @RequestParam(required = false) String asOf) {
        if (asOf == null || asOf.isBlank()) {
            throw new InvalidQueryException("asOf", "is required: an ISO-8601 instant such as 2016-06-30T16:00:00Z");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(asOf.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException("asOf", "must be an ISO-8601 instant such as 2016-06-30T16:00:00Z");
        }
        return queries.query(new GetMeasureState(measureId, instant), ResponseTypes.optionalInstanceOf(MeasureView.class))
                      .join()
                      .orElseThrow(() -> new UnknownMeasureException(measureId + " at " + instant));
    }

    /** A text filter: no control characters (no stored text holds one), blank meaning none. */
    private static String text(String parameter, String value) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidQueryException(parameter, "must not contain control characters");
        }
        return blankToNull(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(parameter, "must be one of " + List.of(type.getEnumConstants()));
        }
    }

    private static int integer(String parameter, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw new InvalidQueryException(parameter, "must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(parameter, "must be a whole number");
        }
    }

    private static List<ListMeasures.SortOrder> sortOrders(String sort) {
        List<ListMeasures.SortOrder> orders = new ArrayList<>();
        if (sort == null || sort.isBlank()) {
            return orders;
        }
        for (String part : sort.split(",")) {
            String name = part.trim();
            boolean descending = name.startsWith("-");
            if (descending) {
                name = name.substring(1);
            }
            String constant = name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
            try {
                orders.add(new ListMeasures.SortOrder(ListMeasures.SortField.valueOf(constant), descending));
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryException("sort", "unknown field '" + name
                        + "'; sortable: planId, number, section, dueDate, percentComplete, escalationLevel, "
                        + "lastChangedAt");
            }
        }
        return orders;
    }
}
