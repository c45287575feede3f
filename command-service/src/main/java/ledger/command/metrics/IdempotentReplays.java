package ledger.command.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Counts the answers given again for a repeated Idempotency-Key (header
 * {@code Idempotent-Replayed: true}): {@code ledger_commands_idempotent_replays_total}. Many of
 * them mean clients that retry a lot, or a proxy that repeats requests.
 */
@Configuration
public class IdempotentReplays implements WebMvcConfigurer {

    /** The header a replayed answer carries (MeasureCommandController). */
    static final String REPLAYED = "Idempotent-Replayed";

    private final Counter replays;

    public IdempotentReplays(MeterRegistry registry) {
        this.replays = Counter.builder("ledger.commands.idempotent.replays")
                              .description("Commands answered from the idempotency store, appending nothing")
                              .register(registry);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                        Exception ex) {
                if ("true".equals(response.getHeader(REPLAYED))) {
                    replays.increment();
                }
            }
        }).addPathPatterns("/api/**");
    }
}
