package ledger.query.dashboard.api;

import ledger.query.commons.PlanParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ledger.messages.query.Dashboard;
import ledger.messages.query.DashboardSummary;
import ledger.messages.query.GetDashboardSummary;
import ledger.messages.query.GetLeaderDashboard;
import ledger.messages.query.GetUnitDashboard;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The three dashboards, for one plan or for all. */
@Tag(name = "Dashboards",
     description = "Counts by status and urgency, per lead unit and per responsible leader.")
@RestController
@RequestMapping(path = "/api/v1/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
public class DashboardController {

    private final QueryGateway queries;
    private final PlanParameters plans;

    public DashboardController(QueryGateway queries, PlanParameters plans) {
        this.queries = queries;
        this.plans = plans;
    }

    @Operation(operationId = "dashboardSummary", summary = "Summary dashboard",
               description = "Totals by status, by urgency and by section, overdue and escalated counts, mean "
                             + "completion, and the next deadlines; for one plan (`planId`) or all.")
    @GetMapping("/summary")
    public DashboardSummary summary(@RequestParam(required = false) String planId) {
        return queries.query(new GetDashboardSummary(plan(planId)), ResponseTypes.instanceOf(DashboardSummary.class))
                      .join();
    }

    @Operation(operationId = "dashboardUnits", summary = "Lead units dashboard",
               description = "One row per canonical lead unit with its measures, verified, overdue and "
                             + "escalated counts.")
    @GetMapping("/units")
    public Dashboard units(@RequestParam(required = false) String planId) {
        return queries.query(new GetUnitDashboard(plan(planId)), ResponseTypes.instanceOf(Dashboard.class)).join();
    }

    @Operation(operationId = "dashboardLeaders", summary = "Responsible leaders dashboard",
               description = "One row per responsible leader with their measures, verified, overdue and "
                             + "escalated counts.")
    @GetMapping("/leaders")
    public Dashboard leaders(@RequestParam(required = false) String planId) {
        return queries.query(new GetLeaderDashboard(plan(planId)), ResponseTypes.instanceOf(Dashboard.class)).join();
    }

    private String plan(String planId) {
        return plans.optional(planId);
    }
}
