package ledger.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import ledger.messages.ActorRole;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Declares the bearer JWT scheme and, for each operation, the roles that may call it. The roles
 * are not written down twice: each operation's path and method are put to the service's own
 * security rules (Spring Security's privilege evaluator) with a token of every role, so the
 * description says what the service does. An operation open to anybody gets no security
 * requirement; the others list their roles in {@code x-roles} and in the description.
 */
final class OperationAccess {

    static final String SCHEME = "bearerAuth";
    /** The extension holding an operation's roles; none for an operation open to anybody. */
    static final String ROLES = "x-roles";

    private final Supplier<WebInvocationPrivilegeEvaluator> privileges;

    OperationAccess(Supplier<WebInvocationPrivilegeEvaluator> privileges) {
        this.privileges = privileges;
    }

    void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("A JWT signed by the ledger's identity provider (locally: `./ledger token --role ROLE`). "
                             + "`sub` names the actor, `role` one of SUPERVISOR, UNIT, AUDITOR, ADMIN, READER, "
                             + "`unit` a lead unit's name (role UNIT); `aud` and `iss` must be the ledger's."));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> describe(path, method, operation)));
    }

    private void describe(String path, PathItem.HttpMethod method, Operation operation) {
        String uri = path.replaceAll("\\{[^}]+}", "example");
        WebInvocationPrivilegeEvaluator evaluator = privileges.get();
        if (evaluator.isAllowed("", uri, method.name(), anonymous())) {
            operation.setSecurity(List.of());
            return;
        }
        List<String> roles = Arrays.stream(ActorRole.values()).filter(role -> role != ActorRole.SYSTEM)
                                   .map(Enum::name)
                                   .filter(role -> evaluator.isAllowed("", uri, method.name(), withRole(role)))
                                   .toList();
        operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
        operation.addExtension(ROLES, roles);
        String note = roles.isEmpty() ? "No role may call it." : "Roles: " + String.join(", ", roles) + ".";
        String description = operation.getDescription();
        if (description == null || !description.contains(note)) {
            operation.setDescription(description == null ? note : description + "\n\n" + note);
        }
    }

    /** Whether the operation needs a token: its security requirement is not empty. */
    static boolean secured(Operation operation) {
        return operation.getSecurity() == null || !operation.getSecurity().isEmpty();
    }

    private static Authentication anonymous() {
        return new AnonymousAuthenticationToken("openapi", "anonymous",
                                                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    }

    private static Authentication withRole(String role) {
        return UsernamePasswordAuthenticationToken.authenticated("openapi-" + role, null,
                                                                 AuthorityUtils.createAuthorityList("ROLE_" + role));
    }

    static Map<String, Object> extensions(Operation operation) {
        return operation.getExtensions() == null ? Map.of() : operation.getExtensions();
    }
}
