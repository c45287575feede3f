package ledger.faults;

import java.util.ArrayList;
import java.util.List;

/** Markdown tables on standard output. */
final class Report {

    private Report() {
    }

    static final class Table {
        private final String title;
        private final List<String[]> rows = new ArrayList<>();
        private String[] header = {"check", "figure", "result"};

        Table(String title) {
            this.title = title;
        }

        void header(String... names) {
            header = names;
        }

        /** @param ok null: a figure, not a check */
        void row(String what, Object figure, Boolean ok) {
            rows.add(new String[]{what, String.valueOf(figure), ok == null ? "" : ok ? "ok" : "**FAIL**"});
        }

        void cells(String... cells) {
            rows.add(cells);
        }

        void print() {
            System.out.println();
            System.out.println("### " + title);
            System.out.println();
            System.out.println("| " + String.join(" | ", header) + " |");
            System.out.println("|" + " --- |".repeat(header.length));
            for (String[] row : rows) {
                System.out.println("| " + String.join(" | ", row).replace("\n", " ") + " |");
            }
        }
    }
}
