package ledger.query.bulletin;

import ledger.messages.query.MeasureView;

import java.util.ArrayList;
import java.util.List;

/**
 * The register's (台账) columns and rows, shared by the spreadsheet and the CSV: one row per
 * measure, one per event, and the lines that say where in the ledger they come from.
 */
public final class RegisterRows {

    static final String[] MEASURE_COLUMNS = {"col.number", "col.section", "col.title", "col.leaders", "col.leadUnits",
            "col.status", "col.percent", "col.dueDate", "col.urgency", "col.level", "col.lastReport",
            "col.lastReportDate", "col.verifiedOn", "col.events"};
    static final String[] EVENT_COLUMNS = {"col.position", "col.time", "col.actor", "col.role", "col.unit",
            "col.type", "col.summary", "col.aggregate", "col.sequence", "col.eventId"};

    private final Labels labels;

    public RegisterRows(Labels labels) {
        this.labels = labels;
    }

    public List<String> measureHeader() {
        return header(MEASURE_COLUMNS);
    }

    public List<String> eventHeader() {
        return header(EVENT_COLUMNS);
    }

    private List<String> header(String[] keys) {
        List<String> header = new ArrayList<>();
        for (String key : keys) {
            header.add(labels.text(key));
        }
        return header;
    }

    /** A measure's row; numbers as numbers, so that a spreadsheet can sum them. */
    public List<Object> measure(MeasureAsOf m) {
        MeasureView v = m.view();
        List<Object> row = new ArrayList<>();
        row.add(v.number());
        row.add(v.section() + (v.sectionTitle() == null ? "" : " " + v.sectionTitle()));
        row.add(v.title());
        row.add(String.join("、", v.leaders()));
        row.add(String.join("、", v.leadUnits()));
        row.add(labels.word("status", v.status()));
        row.add(v.percentComplete());
        row.add(labels.date(v.dueDate()));
        row.add(labels.word("urgency", v.urgency()));
        row.add(v.escalationLevel());
        row.add(m.latestReport() == null ? "" : m.latestReport().summary());
        row.add(m.latestReport() == null ? "" : labels.date(m.latestReport().at()));
        row.add(labels.date(m.verifiedAt()));
        row.add(String.join(" ", m.eventIds()));
        return row;
    }

    public List<Object> event(PlanEvent e) {
        List<Object> row = new ArrayList<>();
        row.add(e.position());
        row.add(labels.time(e.occurredAt()));
        row.add(e.actorId() == null ? "" : e.actorId());
        row.add(labels.word("role", e.actorRole()));
        row.add(e.actorUnit() == null ? "" : e.actorUnit());
        row.add(labels.word("event", e.type()));
        row.add(labels.summary(e));
        row.add(e.aggregateId());
        row.add(e.sequence());
        row.add(e.eventId());
        return row;
    }

    /** Where the register comes from: label and value pairs. */
    public List<List<String>> provenance(PlanSnapshot s, String unit) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of(labels.text("ledger.plan"), s.plan() == null ? s.planId() : s.planId() + " " + s.plan().title()));
        lines.add(List.of(labels.text("ledger.asOf"), s.asOf().toString()));
        lines.add(List.of(labels.text("ledger.position"), String.valueOf(s.position())));
        lines.add(List.of(labels.text("ledger.digest"), s.digest()));
        lines.add(List.of(labels.text("ledger.verify"),
                          "/api/v1/audit/digest/verify?position=" + s.position() + "&digest=" + s.digest()));
        if (unit != null) {
            lines.add(List.of(labels.text("ledger.unit"), unit));
        }
        return lines;
    }
}
