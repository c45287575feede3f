package ledger.query.bulletin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The register as CSV (RFC 4180, UTF-8 with a byte order mark so that Excel reads the Chinese):
 * the measures, or with {@code events} the events. It opens with {@code #} lines that say where in
 * the ledger it comes from (position, digest, the check), then a header row.
 */
public final class RegisterCsv {

    private final RegisterRows rows;

    public RegisterCsv(Labels labels) {
        this.rows = new RegisterRows(labels);
    }

    public void write(PlanSnapshot snapshot, String unit, boolean events, OutputStream out) {
        try {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write('\uFEFF');
            for (List<String> line : rows.provenance(snapshot, unit)) {
                w.write("# " + line.get(0) + "," + field(line.get(1)) + "\r\n");
            }
            if (events) {
                line(w, List.copyOf(rows.eventHeader()));
                for (PlanEvent e : snapshot.events()) {
                    line(w, rows.event(e));
                }
            } else {
                line(w, List.copyOf(rows.measureHeader()));
                for (MeasureAsOf m : snapshot.measures()) {
                    line(w, rows.measure(m));
                }
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(Writer w, List<?> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(field(values.get(i) == null ? "" : values.get(i).toString()));
        }
        w.write("\r\n");
    }

    /** Quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(\\.\\d+)?")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
