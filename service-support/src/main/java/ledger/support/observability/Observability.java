package ledger.support.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What both services share to be watched: the log context of requests and commands, and Axon's
 * message monitors (built cheaper than Axon's own).
 */
@Configuration(proxyBeanMethods = false)
public class Observability {

    /** First of all filters, before the token check: its refusals are logged with the correlation id too. */
    @Bean
    public FilterRegistrationBean<RequestLogContext> requestLogContext() {
        FilterRegistrationBean<RequestLogContext> registration = new FilterRegistrationBean<>(new RequestLogContext());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public GlobalMetricRegistry messageMeters(MeterRegistry registry) {
        return new MessageMeters(registry);
    }

    @Bean
    public CommandLogContext commandLogContext() {
        return new CommandLogContext();
    }
}
