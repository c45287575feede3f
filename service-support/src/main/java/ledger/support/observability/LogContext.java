package ledger.support.observability;

import org.slf4j.MDC;

/**
 * The keys every log line of a request or a command carries (MDC): in the text format between
 * brackets, in the JSON formats as fields of their own. Set by {@link RequestLogContext} and
 * ActorLogContext (support.security) on the HTTP path and by {@link CommandLogContext} wherever a command is
 * handled.
 */
public final class LogContext {

    public static final String CORRELATION_ID = "correlationId";
    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String MEASURE_ID = "measureId";

    /** The request attribute holding the request's correlation id (the caller's, or a new one). */
    public static final String CORRELATION_ATTRIBUTE = LogContext.class.getName() + ".correlationId";

    private LogContext() {
    }

    public static void putIfPresent(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }
}
