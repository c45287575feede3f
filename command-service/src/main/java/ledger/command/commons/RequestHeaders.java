package ledger.command.commons;

import java.util.regex.Pattern;

/** Parsing of the command headers; a malformed header is bad input (400), never ignored. */
public final class RequestHeaders {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    public static final String CORRELATION_ID = "X-Correlation-Id";

    /** An entity tag holding a version: {@code "3"}, also weak ({@code W/"3"}). */
    private static final Pattern VERSION_TAG = Pattern.compile("(?:W/)?\"(\\d{1,18})\"");
    /** Visible ASCII, as in the IETF Idempotency-Key draft's examples (UUIDs, ULIDs, ...). */
    private static final Pattern OPAQUE_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private RequestHeaders() {
    }

    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        var matcher = VERSION_TAG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new InvalidHeaderException("If-Match", "must be one quoted version, such as \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    public static String idempotencyKey(String value) {
        return opaque("Idempotency-Key", value);
    }

    public static String correlationId(String value) {
        return opaque("X-Correlation-Id", value);
    }

    /**
     * The request's correlation id: the caller's (a malformed one is a 400), else the one its log
     * lines carry already (RequestLogContext), so that the events and the log name the same one.
     */
    public static String correlationId(jakarta.servlet.http.HttpServletRequest request) {
        String sent = correlationId(request.getHeader("X-Correlation-Id"));
        if (sent != null) {
            return sent;
        }
        String logged = ledger.support.observability.RequestLogContext.correlationId(request);
        return logged != null ? logged : java.util.UUID.randomUUID().toString();
    }

    private static String opaque(String header, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim().replaceAll("^\"|\"$", "");
        if (!OPAQUE_KEY.matcher(trimmed).matches()) {
            throw new InvalidHeaderException(header, "must be 1..255 visible ASCII characters");
        }
        return trimmed;
    }

    /** A header that cannot be read. */
    public static final class InvalidHeaderException extends RuntimeException {

        private final String header;

        InvalidHeaderException(String header, String message) {
            super(header + " " + message);
            this.header = header;
        }

        public String header() {
            return header;
        }
    }
}
