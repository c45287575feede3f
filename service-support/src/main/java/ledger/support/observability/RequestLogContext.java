package ledger.support.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Before anything else runs (the token check included), a request gets its correlation id (the
 * caller's {@code X-Correlation-Id} when it is a well-formed one, else a new one) and the measure
 * its path names, for every line logged while it runs. The id is kept as a request attribute, so
 * that the command sent carries the same one.
 */
public class RequestLogContext extends OncePerRequestFilter {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    /** The same rule as the command headers': 1..255 visible ASCII; anything else is not logged. */
    private static final Pattern OPAQUE = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern MEASURE_PATH = Pattern.compile("^/api/v1/measures/([^/]{1,255})");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(CORRELATION_HEADER);
        String correlationId = header != null && OPAQUE.matcher(header.trim()).matches() ? header.trim()
                : UUID.randomUUID().toString();
        request.setAttribute(LogContext.CORRELATION_ATTRIBUTE, correlationId);
        MDC.put(LogContext.CORRELATION_ID, correlationId);
        Matcher measure = MEASURE_PATH.matcher(request.getRequestURI());
        if (measure.find() && OPAQUE.matcher(measure.group(1)).matches()) {
            MDC.put(LogContext.MEASURE_ID, measure.group(1));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(LogContext.CORRELATION_ID);
            MDC.remove(LogContext.MEASURE_ID);
            MDC.remove(LogContext.ACTOR_ID);
            MDC.remove(LogContext.ACTOR_ROLE);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    /** The request's correlation id, as set by this filter (null outside a request it saw). */
    public static String correlationId(HttpServletRequest request) {
        return (String) request.getAttribute(LogContext.CORRELATION_ATTRIBUTE);
    }
}
