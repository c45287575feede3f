package ledger.support.web;

import org.springframework.core.env.Environment;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;
import java.util.Optional;

/**
 * The ledger's two services and the routes each serves, so that a request sent to the wrong one
 * is told where to go (a query at command-service's port, a command at query-service's). Each
 * service's tests compare its list with the service's own request mappings.
 */
public enum LedgerService {

    COMMAND("command-service", "LEDGER_COMMAND_PORT", 8080, List.of(
            "POST /api/v1/measures", "POST /api/v1/measures/{measureId}/plan",
            "POST /api/v1/measures/{measureId}/progress", "POST /api/v1/measures/{measureId}/verification",
            "POST /api/v1/measures/{measureId}/escalations", "POST /api/v1/measures/{measureId}/escalations/resolve",
            "POST /api/v1/measures/{measureId}/due-date", "POST /api/v1/commands", "POST /api/v1/plans/import",
            "POST /api/v1/admin/export", "POST /api/v1/admin/restore")),

    QUERY("query-service", "LEDGER_QUERY_PORT", 8081, List.of(
            "GET /", "GET /index.html", "GET /ui/config.json",
            "GET /api/v1/measures", "GET /api/v1/measures/{measureId}", "GET /api/v1/measures/{measureId}/history",
            "GET /api/v1/measures/{measureId}/state", "GET /api/v1/dashboard/summary", "GET /api/v1/dashboard/units",
            "GET /api/v1/dashboard/leaders", "GET /api/v1/stream", "GET /api/v1/plans/{planId}/status",
            "GET /api/v1/plans/{planId}/bulletin", "GET /api/v1/plans/{planId}/register",
            "GET /api/v1/audit/events", "GET /api/v1/audit/verify", "GET /api/v1/audit/seals",
            "POST /api/v1/audit/seals", "GET /api/v1/audit/digest", "GET /api/v1/audit/digest/verify",
            "GET /api/v1/admin/projections", "POST /api/v1/admin/projections/{name}/replay",
            "POST /api/v1/admin/projections/replay", "GET /api/v1/admin/webhooks", "POST /api/v1/admin/webhooks",
            "GET /api/v1/admin/webhooks/{subscription}", "DELETE /api/v1/admin/webhooks/{subscription}",
            "GET /api/v1/admin/webhooks/{subscription}/deliveries", "GET /api/v1/admin/webhooks/outbox",
            "GET /api/v1/admin/webhooks/dead-letters", "POST /api/v1/admin/webhooks/dead-letters/{delivery}/resend",
            "GET /api/v1/admin/revocations", "POST /api/v1/admin/revocations"));

    private final String serviceName;
    private final String portVariable;
    private final int defaultPort;
    private final List<String> routes;
    private final List<Route> parsed;

    LedgerService(String serviceName, String portVariable, int defaultPort, List<String> routes) {
        this.serviceName = serviceName;
        this.portVariable = portVariable;
        this.defaultPort = defaultPort;
        this.routes = routes;
        this.parsed = routes.stream().map(Route::parse).toList();
    }

    private record Route(String method, PathPattern path) {
        static Route parse(String route) {
            int space = route.indexOf(' ');
            return new Route(route.substring(0, space), PathPatternParser.defaultInstance.parse(route.substring(space + 1)));
        }
    }

    public String serviceName() {
        return serviceName;
    }

    /** "METHOD /path/{variable}", as the request mappings declare them. */
    public List<String> routes() {
        return routes;
    }

    public boolean serves(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return parsed.stream().anyMatch(r -> r.method().equals(method) && r.path().matches(container));
    }

    /** The service a request belongs to, when it is not this one's. */
    public Optional<LedgerService> otherServing(String method, String path) {
        return java.util.Arrays.stream(values()).filter(s -> s != this && s.serves(method, path)).findFirst();
    }

    /**
     * Where this service is reached: {@code ledger.services.<command|query>-url} (LEDGER_COMMAND_URL,
     * LEDGER_QUERY_URL in the services' configuration) when set (say,
     * behind a proxy), else its port ({@code LEDGER_COMMAND_PORT} / {@code LEDGER_QUERY_PORT}) on
     * the host that was asked.
     */
    public String whereToSend(Environment env) {
        String url = env.getProperty("ledger.services." + name().toLowerCase(java.util.Locale.ROOT) + "-url", "");
        if (!url.isBlank()) {
            return url.strip();
        }
        return "port " + env.getProperty(portVariable, String.valueOf(defaultPort)) + " of the same host";
    }
}
