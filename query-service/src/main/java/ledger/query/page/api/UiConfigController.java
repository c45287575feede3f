package ledger.query.page.api;

import ledger.query.page.UiSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the dashboard page needs to know before anyone has signed in: the identity provider to send
 * people to (none: a token is pasted or given in the link) and the page's public client id.
 * Public, holds no secret.
 */
@Tag(name = "Dashboard page",
     description = "What the dashboard page needs before anyone signs in; public, holds no secret.")
@RestController
public class UiConfigController {

    private final UiSettings settings;

    public UiConfigController(UiSettings settings) {
        this.settings = settings;
    }

    @Operation(operationId = "uiConfig", summary = "The dashboard page's configuration",
               description = "The identity provider the page signs people in with (none: a token is pasted or "
                             + "given in the link), its public client id and scope, and the plan it shows first."
                             + " Public: it holds no secret.")
    @GetMapping(path = "/ui/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", settings.issuer().orElse(null));
        config.put("clientId", settings.clientId());
        config.put("scope", settings.scope());
        config.put("defaultPlanId", settings.defaultPlanId());
        config.put("zone", settings.zone());
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }
}
