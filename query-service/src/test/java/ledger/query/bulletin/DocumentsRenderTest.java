package ledger.query.bulletin;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentsRenderTest {

    private final Labels labels = new Labels(ZoneId.of("Asia/Shanghai"));
    private final Bulletin bulletin = BulletinBuilder.build(PlanAsOfTest.snapshot("2016-12-01T00:00:00Z", false),
                                                            java.time.Instant.parse("2016-11-01T00:00:00Z"));

    @Test
    void theWordDocumentHoldsTheGroupsTheCountsAndTheLedgerPosition() throws IOException {
        byte[] docx = new BulletinDocx(labels).render(bulletin);
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx));
             XWPFWordExtractor text = new XWPFWordExtractor(doc)) {
            assertThat(text.getText()).contains("省政府办公厅（1 项）").contains("省财政厅（2 项）")
                                      .contains("方案共 3 项措施：已销号 1 项").contains("第 99 号位置")
                                      .contains("d".repeat(64)).contains("2016-11-12 10:00:00");
            // overdue groups (2), units, leaders, verified since, events behind each measure
            assertThat(doc.getTables()).hasSize(6);
            assertThat(doc.getTables().get(0).getRow(1).getCell(7).getText()).isEqualTo("e3");
            assertThat(doc.getProperties().getCustomProperties().getProperty("ledgerPosition").getLpwstr())
                    .isEqualTo("99");
        }
    }

    @Test
    void thePageEscapesTheLedgersTextAndItsStyleMatchesItsPolicy() {
        String html = new String(new BulletinHtml(labels).render(bulletin), StandardCharsets.UTF_8);
        assertThat(html).contains("<h3 class=\"overdue-unit\">省财政厅（2 项）</h3>").doesNotContain("<script");
        assertThat(BulletinHtml.esc("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        assertThat(BulletinHtml.CONTENT_SECURITY_POLICY).contains("'sha256-" + java.util.Base64.getEncoder()
                .encodeToString(sha256(style)) + "'");
    }

    @Test
    void theWorkbookHasAMeasureRowEachEveryEventAndItsProvenance() throws IOException {
        PlanSnapshot snapshot = PlanAsOfTest.snapshot("2016-12-01T00:00:00Z", true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RegisterWorkbook(labels).write(snapshot, null, out);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(book.getSheetAt(0).getLastRowNum()).isEqualTo(3);
            assertThat(book.getSheetAt(0).getRow(1).getCell(13).getStringCellValue()).isEqualTo("e2 e5 e6 e7 e8");
            assertThat(book.getSheetAt(0).getRow(1).getCell(5).getStringCellValue()).isEqualTo("已销号");
            assertThat(book.getSheetAt(1).getLastRowNum()).isEqualTo(9);
            assertThat(book.getSheetAt(1).getRow(7).getCell(6).getStringCellValue()).isEqualTo("进度 100%：全部完成");
            assertThat(book.getSheetAt(2).getRow(3).getCell(1).getStringCellValue()).isEqualTo("d".repeat(64));
        }
    }

    @Test
    void theCsvQuotesWhatItMustAndDefusesFormulas() {
        assertThat(RegisterCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(RegisterCsv.field("说\"明\"")).isEqualTo("\"说\"\"明\"\"\"");
        assertThat(RegisterCsv.field("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(RegisterCsv.field("-5")).isEqualTo("-5");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RegisterCsv(labels).write(PlanAsOfTest.snapshot("2016-12-01T00:00:00Z", true), "省财政厅", true, out);
        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF# 整改方案,p 测试方案\r\n").contains("# 账本位置,99\r\n")
                       .contains("# 牵头单位（仅本单位措施）,省财政厅\r\n");
        assertThat(csv.lines().filter(l -> !l.startsWith("#") && !l.startsWith("\uFEFF#")).count()).isEqualTo(10);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
