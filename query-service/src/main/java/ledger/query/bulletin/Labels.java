package ledger.query.bulletin;

import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.MilestoneMissed;
import ledger.messages.measure.ReportPeriodMissed;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.plan.PlanRegistered;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;

/**
 * The words and formats of the documents (labels.properties, zh-CN), and dates and times in the
 * ledger's zone. Kept out of the code so that the documents' language is data.
 */
public final class Labels {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Properties words = new Properties();
    private final ZoneId zone;

    public Labels(ZoneId zone) {
        this.zone = zone;
        try (InputStream in = Labels.class.getResourceAsStream("labels.properties")) {
            if (in == null) {
                throw new IllegalStateException("labels.properties is missing");
            }
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a key, its {0}, {1}… filled in; the key itself when unknown. */
    public String text(String key, Object... arguments) {
        String pattern = words.getProperty(key);
        if (pattern == null) {
            return key;
        }
        if (arguments.length == 0) {
            return pattern;
        }
        Object[] plain = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            // MessageFormat would group digits (1,234) and localise dates: the documents show them as stored
            plain[i] = arguments[i] == null ? "" : String.valueOf(arguments[i]);
        }
        return new MessageFormat(pattern.replace("'", "''"), Locale.ROOT).format(plain);
    }

    /** A word of a kind (status, urgency, role, event…), the value itself when unknown. */
    public String word(String kind, Object value) {
        if (value == null) {
            return "";
        }
        return words.getProperty(kind + "." + value, String.valueOf(value));
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    public String date(LocalDate day) {
        return day == null ? "" : day.toString();
    }

    public String date(Instant instant) {
        return instant == null ? "" : instant.atZone(zone).toLocalDate().toString();
    }

    public ZoneId zone() {
        return zone;
    }

    /** One line on what an event did, from its payload. */
    public String summary(PlanEvent event) {
        Object p = event.payload();
        String type = event.type();
        if (p instanceof PlanRegistered e) {
            return text("summary." + type, e.title(), e.measureCount());
        } else if (p instanceof MeasureAssigned e) {
            return text("summary." + type, e.number(), e.title(), e.dueDate());
        } else if (p instanceof ImplementationPlanSubmitted e) {
            return text("summary." + type, e.summary(), e.milestones().size());
        } else if (p instanceof ProgressReported e) {
            return text("summary." + type, e.percentComplete(), e.summary());
        } else if (p instanceof MeasureVerified e) {
            return text("summary." + type, e.notes());
        } else if (p instanceof VerificationRejected e) {
            return text("summary." + type, e.reasons());
        } else if (p instanceof MeasureEscalated e) {
            return text("summary." + type, e.level(), word("reason", e.reason()), e.notes());
        } else if (p instanceof EscalationResolved e) {
            return text("summary." + type, e.resolvedLevel(), e.notes());
        } else if (p instanceof DueDateExtended e) {
            return text("summary." + type, e.previousDueDate(), e.newDueDate(), e.reason());
        } else if (p instanceof MilestoneMissed e) {
            return text("summary." + type, e.milestone(), e.dueDate());
        } else if (p instanceof MeasureReminded e) {
            return text("summary." + type, word("obligation", e.obligation()), e.item(), e.dueDate(), e.leadDays());
        } else if (p instanceof MeasureUrged e) {
            return text("summary." + type, word("obligation", e.obligation()), e.item(), e.dueDate());
        } else if (p instanceof ReportPeriodMissed e) {
            return text("summary." + type, e.period(), e.periodEnd(), e.reported(), e.required());
        }
        return type;
    }
}
