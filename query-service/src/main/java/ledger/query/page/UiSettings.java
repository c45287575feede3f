package ledger.query.page;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Optional;

/**
 * The page's settings: the identity provider (the one whose tokens the service trusts, unless
 * {@code ledger.ui.issuer-uri} names another), the public client id registered there for the page
 * ({@code LEDGER_UI_CLIENT_ID}), the scope it asks for and the plan shown first.
 */
@Component
public class UiSettings {

    private final String issuer;
    private final String clientId;
    private final String scope;
    private final String defaultPlanId;
    private final String zone;

    public UiSettings(@Value("${ledger.ui.issuer-uri:}") String issuer,
                      @Value("${ledger.ui.client-id:ledger-dashboard}") String clientId,
                      @Value("${ledger.ui.scope:openid}") String scope,
                      @Value("${ledger.ui.default-plan-id:gd-2016}") String defaultPlanId,
                      @Value("${ledger.zone:Asia/Shanghai}") String zone) {
        this.issuer = issuer == null || issuer.isBlank() ? null : issuer.trim().replaceAll("/+$", "");
        this.clientId = clientId.trim();
        this.scope = scope.trim();
        this.defaultPlanId = defaultPlanId.trim();
        this.zone = zone.trim();
        if (this.issuer != null) {
            URI uri = URI.create(this.issuer);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("ledger.ui.issuer-uri must be an absolute URL: " + issuer);
            }
        }
    }

    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /** The issuer's origin (scheme, host, port): what the page may connect to besides itself. */
    public Optional<String> issuerOrigin() {
        return issuer().map(URI::create).map(uri -> uri.getScheme() + "://" + uri.getHost()
                                                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
    }

    public String clientId() {
        return clientId;
    }

    public String scope() {
        return scope;
    }

    public String defaultPlanId() {
        return defaultPlanId;
    }

    /** The ledger's zone: its calendar decides what is overdue, the page shows times in it. */
    public String zone() {
        return zone;
    }
}
