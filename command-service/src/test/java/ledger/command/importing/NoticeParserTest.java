package ledger.command.importing;

import ledger.support.units.LeadUnitDirectory;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.Recurrence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The seed notice, parsed, against what a person reads in it. The table below was written from
 * the document, not from the parser's output.
 */
class NoticeParserTest {

    static final Path SEED = Path.of("..", "seeds", "guangdong-2016-rectification-plan.txt");

    /** number | section | responsible leaders | lead units (canonical names) */
    private static final String READ_FROM_THE_DOCUMENT = """
            1  | 1 | 朱小丹        | 省政府办公厅
            2  | 1 | 朱小丹        | 省政府办公厅
            3  | 1 | 朱小丹        | 省政府办公厅
            4  | 1 | 朱小丹        | 省政府办公厅
            5  | 2 | 朱小丹、李锋   | 省政府办公厅
            6  | 2 | 李锋          | 省政府办公厅
            7  | 2 | 李锋          | 省政府办公厅
            8  | 2 | 刘志庚        | 省安全监管局
            9  | 3 | 李锋          | 省政府办公厅
            10 | 3 | 招玉芳、李锋   | 省商务厅、省文化厅、省政府办公厅
            11 | 3 | 李锋          | 省政府办公厅
            12 | 3 | 朱小丹、李锋   | 省政府办公厅
            13 | 3 | 温国辉        | 省人力资源社会保障厅
            14 | 3 | 徐少华        | 省编办
            15 | 3 | 李锋          | 省政府办公厅
            16 | 4 | 徐少华、刘志庚 | 省发展改革委、省经济和信息化委
            17 | 4 | 朱小丹、许瑞生 | 省政府办公厅、省住房城乡建设厅
            18 | 4 | 徐少华、刘志庚 | 省编办、省发展改革委、省经济和信息化委、省财政厅
            19 | 4 | 徐少华、陈云贤 | 省发展改革委、省科技厅
            20 | 4 | 招玉芳        | 省商务厅、省自贸办
            21 | 4 | 许瑞生        | 省环境保护厅、省国土资源厅
            22 | 4 | 温国辉        | 省卫生计生委、省人力资源社会保障厅
            23 | 4 | 李春生        | 省公安厅、省司法厅
            24 | 4 | 邓海光        | 省扶贫办
            25 | 4 | 朱小丹、徐少华 | 省政府办公厅、省财政厅
            26 | 5 | 朱小丹        | 省政府办公厅
            27 | 5 | 朱小丹、李春生 | 省政府办公厅、省法制办
            28 | 5 | 朱小丹、李锋   | 省政府办公厅
            29 | 5 | 朱小丹、李春生 | 省法制办
            30 | 5 | 朱小丹、李春生 | 省监察厅
            """;

    private static String seed;
    private static LeadUnitDirectory units;
    private final NoticeParser parser = new NoticeParser();

    @BeforeAll
    static void load() throws IOException {
        seed = Files.readString(SEED, StandardCharsets.UTF_8);
        try (InputStream json = Files.newInputStream(Path.of("..", "seeds", "lead-units.json"))) {
            units = LeadUnitDirectory.load(json);
        }
    }

    private record Row(int number, int section, List<String> leaders, List<String> units) {
    }

    private static List<Row> expected() {
        return READ_FROM_THE_DOCUMENT.lines().map(line -> {
            String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
            return new Row(Integer.parseInt(cells[0]), Integer.parseInt(cells[1]), List.of(cells[2].split("、")),
                           List.of(cells[3].split("、")));
        }).toList();
    }

    private List<Row> parsed(String text) {
        return parser.parse(text).measures().stream()
                     .map(m -> new Row(m.number(), m.section(), m.leaders(), units.canonicalList(m.leadUnits())))
                     .toList();
    }

    @Test
    void theThirtyMeasuresWithTheirLeadersAndLeadUnits() {
        assertThat(parsed(seed)).containsExactlyElementsOf(expected());
    }

    @Test
    void thePlanItself() {
        ParsedNotice notice = parser.parse(seed);
        assertThat(notice.title()).isEqualTo("广东省人民政府党组“三严三实”专题民主生活会整改方案");
        assertThat(notice.issuer()).isEqualTo("广东省人民政府");
        assertThat(notice.issueDate()).isEqualTo(LocalDate.of(2016, 1, 16));
        assertThat(notice.deadline()).isEqualTo(LocalDate.of(2016, 10, 31));
        assertThat(notice.deadlineSource()).isEqualTo("2016年10月底前");
    }

    @Test
    void sectionsTitlesAndText() {
        ParsedNotice notice = parser.parse(seed);
        Map<Integer, String> sections = notice.measures().stream().collect(Collectors.toMap(
                ParsedNotice.Measure::section, ParsedNotice.Measure::sectionTitle, (a, b) -> a, TreeMap::new));
        assertThat(sections).containsExactly(
                Map.entry(1, "加强政府系统思想政治建设"), Map.entry(2, "健全督查落实的长效机制"),
                Map.entry(3, "持续深入推进政府作风建设"), Map.entry(4, "扎实做好改革发展稳定各项工作"),
                Map.entry(5, "切实加强省政府党组自身建设"));
        ParsedNotice.Measure first = notice.measures().get(0);
        assertThat(first.title()).isEqualTo("加强党建工作和政治理论学习");
        assertThat(first.text()).startsWith("加强党建工作和政治理论学习。完善和落实省政府党组集体学习制度")
                                .endsWith("（朱小丹同志负责，省府办公厅牵头办理）");
        assertThat(notice.measures().get(17).title()).isEqualTo("深化行政管理体制等重点领域改革");
        assertThat(notice.measures().get(29).title()).isEqualTo("加强党风廉政建设");
    }

    @Test
    void totalsPerLeadUnit() {
        Map<String, Long> perUnit = parsed(seed).stream().flatMap(r -> r.units().stream())
                                                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                                                                               Collectors.counting()));
        assertThat(perUnit).containsOnly(
                Map.entry("省政府办公厅", 17L), Map.entry("省安全监管局", 1L), Map.entry("省商务厅", 2L),
                Map.entry("省文化厅", 1L), Map.entry("省人力资源社会保障厅", 2L), Map.entry("省编办", 2L),
                Map.entry("省发展改革委", 3L), Map.entry("省经济和信息化委", 2L), Map.entry("省住房城乡建设厅", 1L),
                Map.entry("省财政厅", 2L), Map.entry("省科技厅", 1L), Map.entry("省自贸办", 1L),
                Map.entry("省环境保护厅", 1L), Map.entry("省国土资源厅", 1L), Map.entry("省卫生计生委", 1L),
                Map.entry("省公安厅", 1L), Map.entry("省司法厅", 1L), Map.entry("省扶贫办", 1L),
                Map.entry("省法制办", 2L), Map.entry("省监察厅", 1L));
    }

    @Test
    void totalsPerLeader() {
        Map<String, Long> perLeader = parsed(seed).stream().flatMap(r -> r.leaders().stream())
                                                  .collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                                                                                 Collectors.counting()));
        assertThat(perLeader).containsOnly(
                Map.entry("朱小丹", 13L), Map.entry("李锋", 9L), Map.entry("刘志庚", 3L), Map.entry("招玉芳", 2L),
                Map.entry("温国辉", 2L), Map.entry("徐少华", 5L), Map.entry("许瑞生", 2L), Map.entry("陈云贤", 1L),
                Map.entry("李春生", 4L), Map.entry("邓海光", 1L));
    }

    @Test
    void measuresThatStateTheirOwnDateAndThoseThatRecur() {
        ParsedNotice notice = parser.parse(seed);
        assertThat(notice.measures()).filteredOn(m -> m.dueDateBasis().rule() == DueDateBasis.Rule.STATED_IN_MEASURE)
                                     .extracting(m -> m.number() + " " + m.dueDate() + " " + m.dueDateBasis().source())
                                     .containsExactly("2 2016-03-31 2016年第一季度", "5 2016-06-30 2016年上半年");
        assertThat(notice.measures()).filteredOn(m -> m.dueDateBasis().rule() == DueDateBasis.Rule.PLAN_DEADLINE)
                                     .hasSize(28)
                                     .allSatisfy(m -> assertThat(m.dueDate()).isEqualTo(LocalDate.of(2016, 10, 31)));
        assertThat(notice.measures()).filteredOn(m -> m.recurrence() != null)
                                     .extracting(m -> m.number() + " " + m.recurrence() + " " + m.timesPerYear())
                                     .containsExactly("1 " + Recurrence.QUARTERLY + " null",
                                                      "4 " + Recurrence.TIMES_PER_YEAR + " 2");
    }

    @Test
    void crlfLineEndsReadTheSame() {
        assertThat(parsed(seed.replace("\n", "\r\n"))).containsExactlyElementsOf(expected());
        assertThat(parser.parse(seed.replace("\n", "\r\n")).measures().get(0).text())
                .isEqualTo(parser.parse(seed).measures().get(0).text());
    }

    @Test
    void halfWidthPunctuationReadsTheSame() {
        String halfWidth = seed.replace('（', '(').replace('）', ')').replace('，', ',').replace('．', '.')
                               .replace('、', '､').replace('。', '｡');
        assertThat(parsed(halfWidth)).containsExactlyElementsOf(expected());
        assertThat(parser.parse(halfWidth).measures().get(0).title()).isEqualTo("加强党建工作和政治理论学习");
    }

    @Test
    void fullWidthDigitsReadTheSame() {
        ParsedNotice notice = parser.parse(seed.replace("2016年第一季度", "２０１６年第一季度").replace("3．", "３．"));
        assertThat(notice.measures().get(1).dueDate()).isEqualTo(LocalDate.of(2016, 3, 31));
        assertThat(notice.measures().get(2).number()).isEqualTo(3);
    }

    @Test
    void straySpacesReadTheSame() {
        String spaced = seed.replace("．", " ． ").replace("、", " 、 ").replace("同志负责，", "同志负责 ， ")
                            .replace("牵头办理）", "牵头办理 ） \t").replace("\n　　", "\n \t　　 ");
        assertThat(parsed(spaced)).containsExactlyElementsOf(expected());
    }

    @Test
    void aMeasureWithoutItsResponsibilityClauseNamesItsLine() {
        String broken = seed.replace("（李锋同志负责，省府办公厅牵头办理）\n　　8．", "\n　　8．");
        int line = lineOf(broken, "7．提高督查实效");
        assertThatThrownBy(() -> parser.parse(broken))
                .isInstanceOfSatisfying(NoticeFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).contains("line " + line).contains("measure 7");
                });
    }

    @Test
    void aMissingMeasureNamesTheLineWhereTheNextOneStands() {
        String broken = seed.lines().filter(l -> !l.startsWith("　　12．")).collect(Collectors.joining("\n"));
        int line = lineOf(broken, "13．继续压减考评表彰");
        assertThatThrownBy(() -> parser.parse(broken))
                .isInstanceOfSatisfying(NoticeFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).contains("expected measure 12, found 13");
                });
    }

    @Test
    void aTextWithoutMeasuresIsRefused() {
        assertThatThrownBy(() -> parser.parse("关于某事的通知\n\n某单位\n\n2016年1月16日\n\n没有措施。"))
                .isInstanceOf(NoticeFormatException.class).hasMessageContaining("no numbered measures");
    }

    @Test
    void anUnknownLeadUnitIsNamed() {
        assertThatThrownBy(() -> units.canonicalList(List.of("省府办公厅", "不存在办")))
                .isInstanceOfSatisfying(LeadUnitDirectory.UnknownLeadUnitException.class,
                                        e -> assertThat(e.name()).isEqualTo("省不存在办"));
    }

    @Test
    void aliasesAndTheImpliedPrefixLeadToOneUnit() {
        assertThat(units.canonicalList(List.of("省编办", "省发展改革委", "经济和信息化委", "财政厅")))
                .containsExactly("省编办", "省发展改革委", "省经济和信息化委", "省财政厅");
        assertThat(units.canonicalList(List.of("省府办公厅", "省财政厅"))).containsExactly("省政府办公厅", "省财政厅");
        assertThat(units.canonical("省发展和改革委员会")).hasValue("省发展改革委");
    }

    private static int lineOf(String text, String start) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with " + start);
    }
}
