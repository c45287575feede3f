package ledger.support.web;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies are read with strict types both ways: {@code spring.jackson.mapper.
 * allow-coercion-of-scalars=false} refuses text where a number is expected, and this refuses a
 * number or a boolean where text is expected ({@code "summary": -1}, {@code "planId": true}),
 * which Jackson would otherwise turn into {@code "-1"} and {@code "true"}.
 */
@Configuration
public class StrictJsonTypes {

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer noScalarsAsText() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
