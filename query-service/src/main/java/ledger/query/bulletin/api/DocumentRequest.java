package ledger.query.bulletin.api;

import ledger.query.commons.InvalidQueryException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The parameters every plan document takes: {@code asOf} (an ISO-8601 instant with its offset, or a
 * date meaning the end of that day in the ledger's zone; now when absent), {@code since} (the same,
 * before {@code asOf}) and {@code position} (a ledger position, to build the same document again).
 * A bad one is a 400 naming it.
 */
final class DocumentRequest {

    /** How far ahead of this node's clock an instant may be (another machine's clock). */
    private static final long SKEW_SECONDS = 60;

    private DocumentRequest() {
    }

    static Instant asOf(String value, Clock clock) {
        Instant now = clock.instant();
        if (value == null || value.isBlank()) {
            return now;
        }
        Instant asOf = instant("asOf", value, clock);
        if (asOf.isAfter(now.plusSeconds(SKEW_SECONDS))) {
            if (isDate(value)) {
                return now;   // today: the plan as it stands now
            }
            throw new InvalidQueryException("asOf", "must not be in the future (now is " + now + ")");
        }
        return asOf;
    }

    static Instant since(String value, Instant asOf, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant since = instant("since", value, clock);
        if (since.isAfter(asOf)) {
            throw new InvalidQueryException("since", "must not be after asOf (" + asOf + ")");
        }
        return since;
    }

    static Long position(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long position = Long.parseLong(value.trim());
            if (position < 1) {
                throw new InvalidQueryException("position", "must be at least 1");
            }
            return position;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("position", "must be a whole number");
        }
    }

    private static boolean isDate(String value) {
        return value.trim().length() == 10;
    }

    private static Instant instant(String parameter, String value, Clock clock) {
        String text = value.trim();
        try {
            if (isDate(text)) {
                // a day: the end of it where the plans are
                return LocalDate.parse(text).plusDays(1).atStartOfDay(clock.getZone()).toInstant().minusNanos(1000);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(parameter, "must be an ISO-8601 instant such as 2016-11-01T00:00:00Z "
                                                       + "or a date such as 2016-11-01");
        }
    }
}
