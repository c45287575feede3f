package ledger.query.bulletin;

import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The register as a spreadsheet (.xlsx): sheet 1 a header and one row per measure, sheet 2 a
 * header and one row per event, sheet 3 where it comes from (position, digest, the check). Written
 * with POI's streaming workbook, which keeps only a window of rows in memory.
 */
public final class RegisterWorkbook {

    private final Labels labels;
    private final RegisterRows rows;

    public RegisterWorkbook(Labels labels) {
        this.labels = labels;
        this.rows = new RegisterRows(labels);
    }

    public void write(PlanSnapshot snapshot, String unit, OutputStream out) {
        SXSSFWorkbook book = new SXSSFWorkbook(200);
        try {
            POIXMLProperties properties = book.getXSSFWorkbook().getProperties();
            properties.getCoreProperties().setTitle(labels.text("register.title",
                    snapshot.plan() == null ? snapshot.planId() : snapshot.plan().title(), labels.time(snapshot.asOf())));
            properties.getCustomProperties().addProperty("ledgerPosition", String.valueOf(snapshot.position()));
            properties.getCustomProperties().addProperty("ledgerDigest", snapshot.digest());
            properties.getCustomProperties().addProperty("asOf", snapshot.asOf().toString());

            SXSSFSheet measures = book.createSheet(labels.text("register.sheet.measures"));
            measures.createFreezePane(0, 1);
            row(measures, 0, List.copyOf(rows.measureHeader()));
            int r = 1;
            for (MeasureAsOf m : snapshot.measures()) {
                row(measures, r++, rows.measure(m));
            }
            SXSSFSheet events = book.createSheet(labels.text("register.sheet.events"));
            events.createFreezePane(0, 1);
            row(events, 0, List.copyOf(rows.eventHeader()));
            r = 1;
            for (PlanEvent e : snapshot.events()) {
                row(events, r++, rows.event(e));
            }
            SXSSFSheet ledger = book.createSheet(labels.text("register.sheet.ledger"));
            r = 0;
            for (List<String> line : rows.provenance(snapshot, unit)) {
                row(ledger, r++, List.copyOf(line));
            }
            book.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            book.dispose();
            try {
                book.close();
            } catch (IOException ignored) {
                // the temporary files are gone with dispose(); nothing else to release
            }
        }
    }

    private static void row(Sheet sheet, int index, List<?> values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value instanceof Number number) {
                row.createCell(i).setCellValue(number.doubleValue());
            } else {
                row.createCell(i).setCellValue(value == null ? "" : value.toString());
            }
        }
    }
}
