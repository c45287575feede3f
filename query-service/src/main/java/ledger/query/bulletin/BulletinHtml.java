package ledger.query.bulletin;

import ledger.messages.eventstore.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The bulletin as a printable HTML page (A4, no script, one fixed style sheet). It is served with a
 * Content-Security-Policy that allows that style sheet by its hash and nothing else.
 */
public final class BulletinHtml {

    static final String STYLE = """
            @page { size: A4; margin: 18mm 16mm; }
            body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", serif; color: #111; margin: 0 auto; max-width: 190mm; line-height: 1.6; }
            h1 { text-align: center; font-size: 22pt; color: #b00; margin: 0.4em 0 0; }
            p.sub { text-align: center; margin: 0 0 1em; }
            h2 { font-size: 14pt; margin: 1.2em 0 0.4em; }
            h3 { font-size: 12pt; margin: 0.8em 0 0.3em; }
            table { border-collapse: collapse; width: 100%; font-size: 9.5pt; page-break-inside: auto; }
            th, td { border: 1px solid #444; padding: 2px 4px; vertical-align: top; }
            th { background: #eee; }
            td.n { text-align: right; white-space: nowrap; }
            .ids { font-family: monospace; font-size: 7pt; word-break: break-all; color: #444; }
            .ledger { font-size: 9pt; border: 1px solid #999; padding: 4px 8px; word-break: break-all; }
            tr { page-break-inside: avoid; }
            """;

    /** The policy the page is served with: its style sheet by hash, nothing else. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + hash(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Labels labels;

    public BulletinHtml(Labels labels) {
        this.labels = labels;
    }

    public byte[] render(Bulletin b) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
           .append(esc(labels.text("bulletin.title", b.planTitle() == null ? b.planId() : b.planTitle())))
           .append("</title><style>").append(STYLE).append("</style></head><body>\n");
        out.append("<h1>").append(esc(labels.text("bulletin.title", ""))).append("</h1>");
        out.append("<p class=\"sub\">").append(esc(labels.text("bulletin.subtitle", labels.time(b.asOf()))))
           .append("</p>\n");
        out.append("<p>").append(esc(labels.text("bulletin.plan", b.planTitle() == null ? b.planId() : b.planTitle())));
        if (b.issuer() != null) {
            out.append("<br>").append(esc(labels.text("bulletin.issuer", b.issuer())));
        }
        if (b.since() != null) {
            out.append("<br>").append(esc(labels.text("bulletin.since", labels.time(b.since()))));
        }
        out.append("</p>\n<p class=\"ledger\" id=\"ledger\" data-position=\"").append(b.ledger().position())
           .append("\" data-digest=\"").append(esc(b.ledger().digest())).append("\">")
           .append(esc(labels.text("bulletin.ledger", b.ledger().position(), b.ledger().digest()))).append("<br>")
           .append(esc(labels.text("bulletin.verify", b.ledger().verify()))).append("</p>\n");

        Bulletin.Counts c = b.counts();
        out.append("<h2>").append(esc(labels.text("bulletin.counts"))).append("</h2><p id=\"counts\">")
           .append(esc(labels.text("bulletin.countsText", c.total(), c.verified(), c.inProgress(), c.notStarted(),
                                   c.overdue(), c.escalated()))).append("</p>\n");

        out.append("<h2>").append(esc(labels.text("bulletin.overdue"))).append("</h2>\n");
        if (b.overdue().isEmpty()) {
            out.append("<p>").append(esc(labels.text("bulletin.overdueNone"))).append("</p>\n");
        }
        for (Bulletin.OverdueGroup group : b.overdue()) {
            out.append("<h3 class=\"overdue-unit\">")
               .append(esc(labels.text("bulletin.overdueGroup", group.leadUnit(), group.measures().size())))
               .append("</h3>\n<table class=\"overdue\"><tr>");
            header(out, "col.number", "col.title", "col.leaders", "col.dueDate", "col.daysOverdue", "col.level",
                   "col.latestReport", "col.events");
            for (Bulletin.Overdue m : group.measures()) {
                out.append("<tr data-measure=\"").append(esc(m.measureId())).append("\">");
                cell(out, m.number(), true);
                cell(out, m.title(), false);
                cell(out, String.join("、", m.leaders()), false);
                cell(out, labels.date(m.dueDate()), false);
                cell(out, m.daysOverdue(), true);
                cell(out, m.escalationLevel(), true);
                cell(out, report(m.latestReport()), false);
                out.append("<td class=\"ids\">").append(esc(String.join(" ", m.eventIds()))).append("</td></tr>\n");
            }
            out.append("</table>\n");
        }

        out.append("<h2>").append(esc(labels.text("bulletin.byUnit"))).append("</h2>\n");
        groups(out, "by-unit", "col.leadUnit", b.byUnit());
        out.append("<h2>").append(esc(labels.text("bulletin.byLeader"))).append("</h2>\n");
        groups(out, "by-leader", "col.leader", b.byLeader());

        if (b.verifiedSince() != null) {
            out.append("<h2>").append(esc(labels.text("bulletin.verifiedSince"))).append("</h2>\n");
            if (b.verifiedSince().isEmpty()) {
                out.append("<p>").append(esc(labels.text("bulletin.verifiedNone"))).append("</p>\n");
            } else {
                out.append("<table class=\"verified\"><tr>");
                header(out, "col.number", "col.title", "col.leadUnits", "col.leaders", "col.verifiedAt", "col.events");
                for (Bulletin.Verified v : b.verifiedSince()) {
                    out.append("<tr data-measure=\"").append(esc(v.measureId())).append("\">");
                    cell(out, v.number(), true);
                    cell(out, v.title(), false);
                    cell(out, String.join("、", v.leadUnits()), false);
                    cell(out, String.join("、", v.leaders()), false);
                    cell(out, labels.time(v.verifiedAt()), false);
                    out.append("<td class=\"ids\">").append(esc(v.eventId())).append("</td></tr>\n");
                }
                out.append("</table>\n");
            }
        }

        out.append("<h2>").append(esc(labels.text("bulletin.appendix"))).append("</h2>\n<table class=\"events\"><tr>");
        header(out, "col.number", "col.title", "col.status", "col.events");
        for (Bulletin.Measure m : b.measures()) {
            out.append("<tr data-measure=\"").append(esc(m.measureId())).append("\">");
            cell(out, m.number(), true);
            cell(out, m.title(), false);
            cell(out, labels.word("status", m.status()), false);
            out.append("<td class=\"ids\">").append(esc(String.join(" ", m.eventIds()))).append("</td></tr>\n");
        }
        out.append("</table>\n</body></html>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    String report(MeasureAsOf.Report report) {
        return report == null ? labels.text("bulletin.noReport")
                : labels.text("bulletin.reportText", report.percentComplete(), labels.date(report.at()),
                              report.summary());
    }

    private void groups(StringBuilder out, String id, String nameColumn, List<Bulletin.Group> rows) {
        out.append("<table class=\"").append(id).append("\"><tr>");
        header(out, nameColumn, "col.total", "col.verified", "col.inProgress", "col.notStarted", "col.overdue",
               "col.escalated", "col.measures");
        for (Bulletin.Group g : rows) {
            out.append("<tr data-name=\"").append(esc(g.name())).append("\">");
            cell(out, g.name(), false);
            cell(out, g.total(), true);
            cell(out, g.verified(), true);
            cell(out, g.inProgress(), true);
            cell(out, g.notStarted(), true);
            cell(out, g.overdue(), true);
            cell(out, g.escalated(), true);
            cell(out, g.measures().stream().map(String::valueOf).reduce((x, y) -> x + "、" + y).orElse(""), false);
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private void header(StringBuilder out, String... keys) {
        for (String key : keys) {
            out.append("<th>").append(esc(labels.text(key))).append("</th>");
        }
        out.append("</tr>\n");
    }

    private static void cell(StringBuilder out, Object value, boolean number) {
        out.append(number ? "<td class=\"n\">" : "<td>").append(esc(String.valueOf(value))).append("</td>");
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(ch);
            }
        }
        return s.toString();
    }

    private static String hash(String style) {
        byte[] digest = Sha256.newDigest().digest(style.getBytes(StandardCharsets.UTF_8));
        return "sha256-" + Base64.getEncoder().encodeToString(digest);
    }
}
