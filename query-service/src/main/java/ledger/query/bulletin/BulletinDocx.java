package ledger.query.bulletin;

import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulletin as a Word document (.docx, Apache POI), the form in which bulletins are circulated.
 * No fonts are set or embedded: the reader's Word chooses them. The ledger position and digest are
 * in the text and in the document's custom properties ({@code ledgerPosition}, {@code ledgerDigest}).
 */
public final class BulletinDocx {

    private final Labels labels;
    private final BulletinHtml words;

    public BulletinDocx(Labels labels) {
        this.labels = labels;
        this.words = new BulletinHtml(labels);
    }

    public byte[] render(Bulletin b) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            POIXMLProperties properties = doc.getProperties();
            String title = labels.text("bulletin.title", b.planTitle() == null ? b.planId() : b.planTitle());
            properties.getCoreProperties().setTitle(title);
            POIXMLProperties.CustomProperties custom = properties.getCustomProperties();
            custom.addProperty("ledgerPosition", String.valueOf(b.ledger().position()));
            custom.addProperty("ledgerDigest", b.ledger().digest());
            custom.addProperty("asOf", b.asOf().toString());

            paragraph(doc, labels.text("bulletin.title", ""), true, 22, ParagraphAlignment.CENTER);
            paragraph(doc, labels.text("bulletin.subtitle", labels.time(b.asOf())), false, 12, ParagraphAlignment.CENTER);
            paragraph(doc, labels.text("bulletin.plan", b.planTitle() == null ? b.planId() : b.planTitle()), false, 11,
                      null);
            if (b.issuer() != null) {
                paragraph(doc, labels.text("bulletin.issuer", b.issuer()), false, 11, null);
            }
            if (b.since() != null) {
                paragraph(doc, labels.text("bulletin.since", labels.time(b.since())), false, 11, null);
            }
            paragraph(doc, labels.text("bulletin.ledger", b.ledger().position(), b.ledger().digest()), false, 9, null);
            paragraph(doc, labels.text("bulletin.verify", b.ledger().verify()), false, 9, null);

            Bulletin.Counts c = b.counts();
            paragraph(doc, labels.text("bulletin.counts"), true, 14, null);
            paragraph(doc, labels.text("bulletin.countsText", c.total(), c.verified(), c.inProgress(), c.notStarted(),
                                       c.overdue(), c.escalated()), false, 11, null);

            paragraph(doc, labels.text("bulletin.overdue"), true, 14, null);
            if (b.overdue().isEmpty()) {
                paragraph(doc, labels.text("bulletin.overdueNone"), false, 11, null);
            }
            for (Bulletin.OverdueGroup group : b.overdue()) {
                paragraph(doc, labels.text("bulletin.overdueGroup", group.leadUnit(), group.measures().size()), true,
                          12, null);
                List<List<String>> rows = new ArrayList<>();
                for (Bulletin.Overdue m : group.measures()) {
                    rows.add(List.of(String.valueOf(m.number()), m.title(), String.join("、", m.leaders()),
                                     labels.date(m.dueDate()), String.valueOf(m.daysOverdue()),
                                     String.valueOf(m.escalationLevel()), words.report(m.latestReport()),
                                     String.join(" ", m.eventIds())));
                }
                table(doc, headers("col.number", "col.title", "col.leaders", "col.dueDate", "col.daysOverdue",
                                   "col.level", "col.latestReport", "col.events"), rows);
            }

            paragraph(doc, labels.text("bulletin.byUnit"), true, 14, null);
            groups(doc, "col.leadUnit", b.byUnit());
            paragraph(doc, labels.text("bulletin.byLeader"), true, 14, null);
            groups(doc, "col.leader", b.byLeader());

            if (b.verifiedSince() != null) {
                paragraph(doc, labels.text("bulletin.verifiedSince"), true, 14, null);
                if (b.verifiedSince().isEmpty()) {
                    paragraph(doc, labels.text("bulletin.verifiedNone"), false, 11, null);
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (Bulletin.Verified v : b.verifiedSince()) {
                        rows.add(List.of(String.valueOf(v.number()), v.title(), String.join("、", v.leadUnits()),
                                         String.join("、", v.leaders()), labels.time(v.verifiedAt()), v.eventId()));
                    }
                    table(doc, headers("col.number", "col.title", "col.leadUnits", "col.leaders", "col.verifiedAt",
                                       "col.events"), rows);
                }
            }

            paragraph(doc, labels.text("bulletin.appendix"), true, 14, null);
            List<List<String>> rows = new ArrayList<>();
            for (Bulletin.Measure m : b.measures()) {
                rows.add(List.of(String.valueOf(m.number()), m.title(), labels.word("status", m.status()),
                                 String.join(" ", m.eventIds())));
            }
            table(doc, headers("col.number", "col.title", "col.status", "col.events"), rows);

            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void groups(XWPFDocument doc, String nameColumn, List<Bulletin.Group> groups) {
        List<List<String>> rows = new ArrayList<>();
        for (Bulletin.Group g : groups) {
            rows.add(List.of(g.name(), String.valueOf(g.total()), String.valueOf(g.verified()),
                             String.valueOf(g.inProgress()), String.valueOf(g.notStarted()),
                             String.valueOf(g.overdue()), String.valueOf(g.escalated()),
                             String.join("、", g.measures().stream().map(String::valueOf).toList())));
        }
        table(doc, headers(nameColumn, "col.total", "col.verified", "col.inProgress", "col.notStarted", "col.overdue",
                           "col.escalated", "col.measures"), rows);
    }

    private List<String> headers(String... keys) {
        List<String> headers = new ArrayList<>();
        for (String key : keys) {
            headers.add(labels.text(key));
        }
        return headers;
    }

    private static void paragraph(XWPFDocument doc, String text, boolean bold, int size, ParagraphAlignment align) {
        XWPFParagraph p = doc.createParagraph();
        if (align != null) {
            p.setAlignment(align);
        }
        XWPFRun run = p.createRun();
        run.setBold(bold);
        run.setFontSize(size);
        run.setText(text);
    }

    private static void table(XWPFDocument doc, List<String> headers, List<List<String>> rows) {
        XWPFTable table = doc.createTable(rows.size() + 1, headers.size());
        table.setWidth("100%");
        fill(table.getRow(0), headers, true);
        table.getRow(0).setRepeatHeader(true);
        for (int i = 0; i < rows.size(); i++) {
            fill(table.getRow(i + 1), rows.get(i), false);
        }
        doc.createParagraph();
    }

    private static void fill(XWPFTableRow row, List<String> values, boolean bold) {
        for (int i = 0; i < values.size(); i++) {
            XWPFParagraph p = row.getCell(i).getParagraphs().get(0);
            XWPFRun run = p.createRun();
            run.setBold(bold);
            run.setFontSize(9);
            run.setText(values.get(i) == null ? "" : values.get(i));
        }
    }
}
