package ledger.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * The parts of both services' OpenAPI descriptions that every operation shares, added to every
 * operation whoever wrote its controller: the bearer scheme with the roles the security rules
 * really grant ({@link OperationAccess}), the problem+json answers ({@link ProblemResponses}), the
 * request and answer headers ({@link CommonHeaders}) and the seed plan's ids as examples
 * ({@link SeedExamples}). What stays with each operation: its summary, description and tag.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerOpenApi {

    @Bean
    public OpenAPI ledgerApiInfo(@Value("${ledger.api.title:${spring.application.name}}") String title,
                                 @Value("${ledger.api.description:The supervision ledger}") String description) {
        return new OpenAPI().info(new Info()
                .title(title)
                .version("v1")
                .description(description)
                .contact(new Contact().name("The supervision ledger's maintainers")));
    }

    /** One customizer, its steps in order: the problems an operation may answer depend on its access. */
    @Bean
    public OpenApiCustomizer ledgerApiContract(ObjectProvider<WebInvocationPrivilegeEvaluator> privileges) {
        OperationAccess access = new OperationAccess(privileges::getObject);
        return openApi -> {
            access.customise(openApi);
            CommonHeaders.customise(openApi);
            ProblemResponses.customise(openApi);
            SeedExamples.customise(openApi);
            ParameterDescriptions.customise(openApi);
            OptionalProperties.customise(openApi);
        };
    }
}
