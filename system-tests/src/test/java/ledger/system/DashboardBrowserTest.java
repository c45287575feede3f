package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard page in Debian's Chromium, headless, driven through /usr/bin/chromedriver (never a
 * driver downloaded by Selenium Manager), against both services on the real PostgreSQL with the
 * seed plan imported: what the page shows equals what the query API answers, filters narrow the
 * list, a report sent over HTTP shows without a reload, nothing is loaded from outside localhost and
 * the Content-Security-Policy refuses nothing. One ledger, one browser, the tests in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** The page's one format for a time: 2026-12-08 05:12:49, in the ledger's zone. */
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";
    private static final Duration STREAM_LIFETIME = Duration.ofSeconds(4);
    /** Chrome's performance log (DevTools events), kept: each read of it hands out only what is new. */
    private static final List<JsonNode> DEVTOOLS = new ArrayList<>();

    private static LedgerUnderTest ledger;
    private static FakeIdentityProvider identityProvider;
    private static ChromeDriver browser;
    private static Path profile;
    private static String base;
    private static String planId;

    @BeforeAll
    static void start() throws IOException {
        // a machine without the browser fails this test: CI installs chromium and chromium-driver (.ci/run)
        assertThat(Files.isExecutable(CHROMIUM)).as("%s (Debian package chromium) is required", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("%s (Debian package chromium-driver) is required", CHROMEDRIVER)
                                                    .isTrue();
        planId = "web-" + UUID.randomUUID().toString().substring(0, 8);
        identityProvider = new FakeIdentityProvider("ledger-dashboard");
        // the page signs in through this provider (its tokens are the ones the ledger trusts) and shows this plan
        ledger = LedgerUnderTest.withQueryArguments(TestDatabase.jdbcUrl(),
                                                    "--ledger.ui.issuer-uri=" + identityProvider.issuer(),
                                                    "--ledger.ui.default-plan-id=" + planId,
                                                    // streams end often, so that the page is seen to resume them
                                                    "--ledger.stream.max-lifetime=" + STREAM_LIFETIME.toMillis() + "ms");
        base = "http://localhost:" + ledger.queryNode().context().getEnvironment().getProperty("local.server.port");
        String seed = Files.readString(Path.of("..", "seeds", "guangdong-2016-rectification-plan.txt"));
        var imported = ledger.request(true, "POST", "/api/v1/plans/import?planId=" + planId, null,
                                      "Bearer " + TestTokens.token("office-1", "SUPERVISOR", null), seed);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> api("/api/v1/measures?planId=" + planId).get("totalItems")
                                                             .asInt() == 30);

        profile = Files.createTempDirectory("ledger-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--disable-dev-shm-usage", "--window-size=1366,768", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        // exactly the office screen's size, whatever the window decorations
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                                  Map.of("width", 1366, "height", 768, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (identityProvider != null) {
            identityProvider.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    void theOverviewShowsTheSeedPlanAndTheTokenLeavesTheAddress() {
        browser.get(base + "/#token=" + TestTokens.token("reader-1", "READER", null));
        rendered("overview");
        assertThat(text("#kpi-total .value")).isEqualTo("30");
        assertThat(browser.getCurrentUrl()).doesNotContain("token").doesNotContain("eyJ");
        JsonNode totals = api("/api/v1/dashboard/summary?planId=" + planId).get("totals");
        assertThat(text("#kpi-overdue .value")).isEqualTo(totals.get("overdue").asText());
        assertThat(text("#kpi-verified .value")).isEqualTo("0");
        // urgency in words beside its colour: every seed measure is past its 2016 due date
        assertThat(text("#urgency-strip [data-urgency=RED]")).isEqualTo("红 · 逾期 30");
        assertThat(count("#deadlines li")).isEqualTo(8);
        assertThat(count("#chart-section canvas")).isPositive();
        screenshot("dashboard.png");
    }

    @Test
    @Order(2)
    void inWallModeNothingOverlapsOnTheOfficeScreenNorOnTheWallScreen() {
        String before = rendered("overview");
        browser.findElement(By.id("wall")).click();
        renderedAfter("overview", before);
        assertThat(js("return document.body.classList.contains('wall');")).isEqualTo(true);
        try {
            for (int[] size : new int[][] {{1366, 768}, {1920, 1080}}) {
                screen(size[0], size[1]);
                // drawn afresh at this size: the type grows with the screen, the charts take it at drawing
                browser.navigate().refresh();
                rendered("overview");
                assertThat(overlaps()).as("overlapping boxes at %dx%d", size[0], size[1]).isEmpty();
                screenshot("dashboard-wall-" + size[0] + "x" + size[1] + ".png");
            }
        } finally {
            screen(1366, 768);
            browser.findElement(By.id("wall")).click();   // the next tests see the office screen
        }
        assertThat(js("return document.body.classList.contains('wall') || localStorage.getItem('ledger.wall');"))
                .isEqualTo("");
    }

    @Test
    @Order(3)
    void aLinkCarriesTheTokenAndTheViewAndTheLeadUnitsTableHasTheCountsOfTheApi() {
        visit(base + "/#token=" + TestTokens.token("reader-1", "READER", null) + "&view=units");
        String before = rendered("units");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/#/units");
        assertThat(js("return document.querySelector('nav.tabs a.active').dataset.view;")).isEqualTo("units");
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map<String, String> row : table("table.dashboard")) {
            shown.put(row.get("name"), row.get("total") + "/" + row.get("verified") + "/" + row.get("overdue") + "/"
                                       + row.get("escalated"));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (JsonNode row : api("/api/v1/dashboard/units?planId=" + planId).get("rows")) {
            expected.put(row.get("name").asText(), row.get("total").asText() + "/"
                         + row.get("byStatus").get("VERIFIED").asText() + "/" + row.get("overdue").asText() + "/"
                         + row.get("escalated").asText());
        }
        assertThat(shown).hasSize(20).isEqualTo(expected);
        assertThat(shown).containsEntry("省政府办公厅", "17/0/17/0");
        // overdue first: the unit with most overdue measures leads
        assertThat(shown.keySet().iterator().next()).isEqualTo("省政府办公厅");
        // sortable: by name at a click on its header
        browser.findElement(By.cssSelector("table.dashboard th[data-key=name]")).click();
        renderedAfter("units", before);
        List<String> names = table("table.dashboard").stream().map(row -> row.get("name")).toList();
        assertThat(names).isSortedAccordingTo(java.text.Collator.getInstance(java.util.Locale.CHINA)::compare)
                         .hasSize(20);
    }

    @Test
    @Order(4)
    void filtersAndTheSearchNarrowTheMeasuresList() {
        browser.findElement(By.cssSelector("nav.tabs a[data-view=measures]")).click();
        rendered("measures");
        assertThat(measureIds()).hasSize(30);
        assertThat(js("return document.getElementById('measure-count').dataset.shown;")).isEqualTo("30");

        rerendered(() -> new Select(browser.findElement(By.id("filter-unit"))).selectByValue("省财政厅"));
        assertThat(measureIds()).containsExactlyElementsOf(apiIds("&unit=%E7%9C%81%E8%B4%A2%E6%94%BF%E5%8E%85"))
                                .containsExactly(planId + "-18", planId + "-25");
        assertThat(browser.getCurrentUrl()).contains("unit=");

        rerendered(() -> browser.findElement(By.id("filter-clear")).click());
        assertThat(measureIds()).hasSize(30);
        browser.findElement(By.id("filter-q")).sendKeys("民生");
        eventually().until(() -> measureIds().equals(List.of(planId + "-25")));
        rerendered(() -> browser.findElement(By.id("filter-clear")).click());
        rerendered(() -> new Select(browser.findElement(By.id("filter-urgency"))).selectByValue("BLUE"));
        assertThat(measureIds()).isEmpty();
        rerendered(() -> browser.findElement(By.id("filter-clear")).click());
        assertThat(measureIds()).hasSize(30);
    }

    @Test
    @Order(5)
    void aProgressReportSentOverHttpShowsWithoutAReload() {
        String measure = planId + "-2";   // led by 省政府办公厅 alone
        visit(base + "/#/measures");
        rendered("measures");
        eventually().until(() -> "connected".equals(js("return document.getElementById('conn').dataset.state;")));
        // a mark on the window: a reload would lose it
        js("window.notReloaded = true;");
        String unit = "Bearer " + TestTokens.token("clerk-2", "UNIT", "省政府办公厅");
        var plan = ledger.request(true, "POST", "/api/v1/measures/" + measure + "/plan",
                                  "{\"summary\":\"倒排工期\",\"milestones\":[{\"title\":\"摸底\",\"dueDate\":\"2016-06-30\"}]}",
                                  unit);
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        var progress = ledger.request(true, "POST", "/api/v1/measures/" + measure + "/progress",
                                      "{\"percentComplete\":45,\"summary\":\"已完成摸底\"}", unit);
        assertThat(progress.status()).as(progress.body()).isEqualTo(200);
        long sent = System.nanoTime();

        eventually().pollInterval(Duration.ofMillis(20)).until(() -> {
            Map<String, String> row = row(measure);
            return row != null && "2".equals(row.get("version")) && row.get("progress").contains("45%");
        });
        long millis = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("DashboardBrowserTest: the report was on the page " + millis + " ms after its answer");
        assertThat(millis).as("the report on the page after the command's answer, ms").isLessThan(3_000);
        assertThat(row(measure).get("status")).isEqualTo("推进中");
        assertThat(js("return window.notReloaded === true;")).isEqualTo(true);
    }

    @Test
    @Order(6)
    void aStreamThatEndsIsResumedFromItsLastEventIdWithTheTokenInAHeader() {
        // the service ends each stream after STREAM_LIFETIME; the page comes back with the last id it had
        eventually().until(() -> streamRequests().stream().anyMatch(r -> r.get("headers").has("Last-Event-ID")));
        eventually().until(() -> "connected".equals(js("return document.getElementById('conn').dataset.state;")));
        List<JsonNode> requests = streamRequests();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(2).allSatisfy(request -> {
            assertThat(request.get("url").asText()).isEqualTo(base + "/api/v1/stream?planId=" + planId);
            assertThat(request.get("headers").get("Authorization").asText()).startsWith("Bearer eyJ");
        });
        assertThat(requests).filteredOn(r -> r.get("headers").has("Last-Event-ID"))
                            .allSatisfy(r -> assertThat(r.get("headers").get("Last-Event-ID").asText()).matches("\\d+"));

        // a change made now still reaches the page, over whichever stream is open
        String unit = "Bearer " + TestTokens.token("clerk-2", "UNIT", "省政府办公厅");
        var progress = ledger.request(true, "POST", "/api/v1/measures/" + planId + "-2/progress",
                                      "{\"percentComplete\":60,\"summary\":\"过半\"}", unit);
        assertThat(progress.status()).as(progress.body()).isEqualTo(200);
        eventually().until(() -> row(planId + "-2").get("progress").contains("60%"));
        assertThat(js("return window.notReloaded === true;")).isEqualTo(true);
    }

    @Test
    @Order(7)
    void aLinkWithoutATokenSignsInFirstAndThenOpensItsViewWhereAnAuditorSeesTheTimeline() {
        browser.findElement(By.id("signout")).click();
        eventually().until(() -> browser.findElement(By.id("signin")).isDisplayed());
        assertThat(js("return document.getElementById('conn').dataset.state;")).isEqualTo("signedout");
        assertThat(js("return sessionStorage.getItem('ledger.token');")).isNull();

        // a link to one measure, sent without a token: the sign-in first, then that measure
        visit(base + "/#/measure/" + planId + "-2");
        eventually().until(() -> browser.findElement(By.id("signin")).isDisplayed());
        browser.findElement(By.id("token-input")).sendKeys(TestTokens.token("auditor-1", "AUDITOR", null));
        browser.findElement(By.id("token-submit")).click();
        rendered("measure");
        assertThat(count("#timeline li")).isEqualTo(4);
        assertThat(texts("#timeline li .actor").get(0)).isEqualTo("clerk-2 · 责任单位 · 省政府办公厅");
        assertThat(texts("#timeline li .event")).containsExactly("报送进展", "报送进展", "报送实施方案", "交办");
        assertThat(text("#milestones")).contains("摸底");
        // one format for dates and times, in the ledger's zone; no internal version number
        assertThat(texts("#timeline li time")).allSatisfy(time -> assertThat(time).matches(TIME));
        assertThat(text("#measure-fields")).contains("2016-").doesNotContain("版本");
        assertThat(texts("#measure-fields dd")).last().asString().matches(TIME);   // last changed

        // English as a switch, kept for the next visit
        String before = rendered("measure");
        browser.findElement(By.id("lang")).click();
        renderedAfter("measure", before);
        assertThat(text("nav.tabs a[data-view=units]")).isEqualTo("Lead units");
        assertThat(texts("#timeline li .event").get(0)).isEqualTo("Progress reported");
        assertThat(texts("#timeline li time")).allSatisfy(time -> assertThat(time).matches(TIME));
        assertThat(js("return localStorage.getItem('ledger.lang');")).isEqualTo("en");
        before = rendered("measure");
        browser.findElement(By.id("lang")).click();
        renderedAfter("measure", before);
        assertThat(text("nav.tabs a[data-view=units]")).isEqualTo("责任单位");
    }

    @Test
    @Order(8)
    void theSupervisionOfficeSeesAMeasuresHandlingRecord() {
        visit(base + "/#token=" + TestTokens.token("office-1", "SUPERVISOR", null) + "&view=measure/" + planId
                    + "-2");
        rendered("measure");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/#/measure/" + planId + "-2");
        assertThat(text("#timeline")).doesNotContain("仅").doesNotContain("审计");
        assertThat(texts("#timeline li .event")).containsExactly("报送进展", "报送进展", "报送实施方案", "交办");
    }

    @Test
    @Order(9)
    void signingInThroughTheIdentityProviderUsesTheAuthorizationCodeWithPkceAndComesBackToTheView() {
        browser.findElement(By.id("signout")).click();
        eventually().until(() -> browser.findElements(By.id("oidc-signin")).size() == 1);
        browser.findElement(By.id("oidc-signin")).click();
        // to the provider, back with a code, exchanged for a token, and the view of before is shown
        rendered("measure");
        assertThat(text("#measure-title")).startsWith("2.");
        assertThat(text("#who")).startsWith("oidc-reader");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/#/measure/" + planId + "-2")
                                           .doesNotContain("code=").doesNotContain("state=");
        assertThat(identityProvider.refusals()).isEmpty();
        assertThat(identityProvider.authorizations()).hasSize(1).first().satisfies(authorization -> {
            assertThat(authorization.exchanged()).isTrue();
            assertThat(authorization.parameters()).containsEntry("response_type", "code")
                                                  .containsEntry("client_id", "ledger-dashboard")
                                                  .containsEntry("code_challenge_method", "S256")
                                                  .containsEntry("redirect_uri", base + "/")
                                                  .containsKeys("state", "nonce", "code_challenge");
        });
    }

    @Test
    @Order(10)
    void aPlanThatDoesNotExistIsSaidToNotExist() {
        browser.get(base + "/?plan=gd2016#token=" + TestTokens.token("reader-1", "READER", null) + "&view=units");
        rendered("plan-missing");
        assertThat(text("#plan-notice h2")).isEqualTo("方案“gd2016”不存在。");
        assertThat(text("#view")).doesNotContain("没有未销号的措施");
        assertThat(count("#kpi-total")).isZero();
        assertThat(js("return document.getElementById('default-plan').getAttribute('href');")).isEqualTo("/#/units");
    }

    @Test
    @Order(11)
    void theStreamParserReadsEventsCutAnywhere() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/app/sse.js').then(({SseParser}) => {
                  const text = ': heartbeat\\r\\nevent: ready\\r\\nid: 7\\r\\ndata: {"position":7}\\r\\n\\r\\n'
                    + 'event: measure\\nid: 9\\ndata: line one\\ndata:line two\\n\\n'
                    + 'data: no type\\rid: 10\\r\\r' + 'event: summary\\nid: 11\\n\\n' + 'data: cut';
                  const parser = new SseParser();
                  const out = [];
                  for (let i = 0; i < text.length; i += 3) out.push(...parser.push(text.slice(i, i + 3)));
                  done(out);
                }).catch(e => done([{error: String(e)}]));
                """);
        assertThat(events).extracting(e -> e.containsKey("comment") ? ":" + e.get("comment")
                                           : e.get("type") + "#" + e.get("id") + "=" + e.get("data"))
                          .containsExactly(":heartbeat", "ready#7={\"position\":7}", "measure#9=line one\nline two",
                                           "message#10=no type");
    }

    @Test
    @Order(12)
    void theDatePickerShowsThePlanAsItStoodOnAPastDay() {
        // a small plan whose history lies in 2016: assigned in January, reported on in June (Axon's event clock)
        String pastPlan = "past-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            org.axonframework.eventhandling.GenericEventMessage.clock =
                    java.time.Clock.fixed(java.time.Instant.parse("2016-01-16T02:00:00Z"), java.time.ZoneOffset.UTC);
            var imported = ledger.request(true, "POST", "/api/v1/plans/import", """
                    {"planId":"%s","title":"测试方案","issuer":"省政府","issueDate":"2016-01-16","deadline":"2016-10-31",
                     "measures":[{"section":1,"sectionTitle":"（一）","number":1,"title":"甲","description":"甲",
                                  "leaders":["朱小丹"],"leadUnits":["省府办公厅"]},
                                 {"section":1,"sectionTitle":"（一）","number":2,"title":"乙","description":"乙",
                                  "leaders":["朱小丹"],"leadUnits":["省府办公厅"]}]}""".formatted(pastPlan),
                                          "Bearer " + TestTokens.token("office-1", "SUPERVISOR", null));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            org.axonframework.eventhandling.GenericEventMessage.clock =
                    java.time.Clock.fixed(java.time.Instant.parse("2016-06-01T02:00:00Z"), java.time.ZoneOffset.UTC);
            assertThat(ledger.command("/api/v1/measures/" + pastPlan + "-1/plan", "{\"summary\":\"倒排工期\"}",
                                      "clerk-1", "UNIT").status()).isEqualTo(200);
            assertThat(ledger.command("/api/v1/measures/" + pastPlan + "-1/progress",
                                      "{\"percentComplete\":50,\"summary\":\"过半\"}", "clerk-1", "UNIT").status())
                    .isEqualTo(200);
        } finally {
            org.axonframework.eventhandling.GenericEventMessage.clock = java.time.Clock.systemUTC();
        }
        browser.get(base + "/?plan=" + pastPlan + "#token=" + TestTokens.token("reader-1", "READER", null));
        rendered("overview");
        // live: both measures past their 2016 due date, one half done
        eventually().untilAsserted(() -> {
            assertThat(text("#kpi-total .value")).isEqualTo("2");
            assertThat(text("#kpi-overdue .value")).isEqualTo("2");
            assertThat(text("#kpi-mean .value")).isEqualTo("25%");
        });
        assertThat(browser.findElement(By.id("asof-banner")).isDisplayed()).isFalse();

        pick("2016-03-01");
        eventually().untilAsserted(() -> {
            assertThat(text("#asof-banner")).contains("2016-03-01");
            assertThat(text("#kpi-total .value")).isEqualTo("2");
            assertThat(text("#kpi-overdue .value")).isEqualTo("0");
            assertThat(text("#kpi-mean .value")).isEqualTo("0%");
        });
        screenshot("dashboard-asof.png");
        pick("2016-07-01");
        eventually().untilAsserted(() -> {
            assertThat(text("#kpi-mean .value")).isEqualTo("25%");
            assertThat(text("#kpi-overdue .value")).isEqualTo("0");
        });
        // the measures list shows the rows as they stood then
        browser.get(base + "/?plan=" + pastPlan + "#/measures");
        rendered("measures");
        assertThat(measureIds()).hasSize(2);
        pick("2016-03-01");
        eventually().untilAsserted(() -> assertThat(versions()).containsExactly("0", "0"));
        browser.findElement(By.id("asof-live")).click();
        eventually().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("asof-banner")).isDisplayed()).isFalse();
            assertThat(versions()).containsExactly("2", "0");
        });
    }

    /** Picks a day in the date picker, as a user's choice fires it (typing into a date field depends on the locale). */
    private static void pick(String day) {
        ((JavascriptExecutor) browser).executeScript(
                "const input = document.getElementById('asof'); input.value = arguments[0];"
                + " input.dispatchEvent(new Event('change', {bubbles: true}));", day);
    }

    @Test
    @Order(13)
    void nothingComesFromOutsideLocalhostAndThePolicyRefusedNothing() {
        List<String> urls = new ArrayList<>();
        List<String> pagePolicies = new ArrayList<>();
        for (JsonNode message : devtools()) {
            JsonNode params = message.get("params");
            if (message.get("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(params.get("request").get("url").asText());
            }
            if (message.get("method").asText().equals("Network.responseReceived")
                && params.get("type").asText().equals("Document")
                && params.get("response").get("url").asText().startsWith(base)) {
                params.get("response").get("headers").properties().stream()
                      .filter(header -> header.getKey().equalsIgnoreCase("Content-Security-Policy"))
                      .forEach(header -> pagePolicies.add(header.getValue().asText()));
            }
        }
        assertThat(urls).contains(base + "/app/main.js", base + "/vendor/echarts/echarts.min.js",
                                  base + "/api/v1/dashboard/units?planId=" + planId);
        // whatever goes over the network (not the browser's own chrome:// pages, nor data: URLs) goes to localhost
        assertThat(urls.stream().filter(url -> url.matches("(?i)^(https?|wss?|ftp):.*")))
                .isNotEmpty().allSatisfy(url -> assertThat(url).startsWith("http://localhost:"));
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) js(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        // the page's own resources, and the identity provider's (on localhost here too)
        assertThat(resources).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith("http://localhost:"));

        List<String> refused = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                                      .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                                      .map(LogEntry::getMessage)
                                      .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                                      .collect(Collectors.toList());
        assertThat(refused).isEmpty();
        // and the page ran under the policy every time it was loaded
        assertThat(pagePolicies).isNotEmpty().allSatisfy(policy -> assertThat(policy)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'").doesNotContain("unsafe"));
    }

    private static List<JsonNode> devtools() {
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                DEVTOOLS.add(JSON.readTree(entry.getMessage()).get("message"));
            } catch (IOException e) {
                throw new AssertionError(entry.getMessage(), e);
            }
        }
        return DEVTOOLS;
    }

    /** The requests of the stream the page made, with their headers. */
    private static List<JsonNode> streamRequests() {
        return devtools().stream().filter(m -> m.get("method").asText().equals("Network.requestWillBeSent"))
                         .map(m -> m.get("params").get("request"))
                         .filter(r -> r.get("url").asText().startsWith(base + "/api/v1/stream?")).toList();
    }

    /** Waits for the page; whatever it throws fails the test (the page is read in single scripts: nothing goes stale). */
    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(PATIENCE);
    }

    /** Waits until the view is fully written (the page's data-rendered="view:n" on main); returns that mark. */
    private static String rendered(String view) {
        return eventually().until(() -> (String) js("return document.getElementById('view').dataset.rendered || '';"),
                                  mark -> mark.startsWith(view + ":"));
    }

    /** Waits until the view is written again after the mark it had. */
    private static String renderedAfter(String view, String before) {
        return eventually().until(() -> (String) js("return document.getElementById('view').dataset.rendered || '';"),
                                  mark -> mark.startsWith(view + ":") && !mark.equals(before));
    }

    /**
     * Opens an address. One that differs from the page's only in its fragment is followed within the
     * page (no new document): the mark of the view shown before is removed first, so that a wait for
     * a rendered view sees the one the address opens.
     */
    private static void visit(String url) {
        js("delete document.getElementById('view').dataset.rendered;");
        browser.get(url);
    }

    /** Does something to the measures list and waits until the list is written again. */
    private static void rerendered(Runnable action) {
        String before = rendered("measures");
        action.run();
        renderedAfter("measures", before);
    }

    private static JsonNode api(String path) {
        return ledger.query(path).json();
    }

    private static List<String> apiIds(String filters) {
        List<String> ids = new ArrayList<>();
        api("/api/v1/measures?planId=" + planId + filters + "&size=200").get("items")
                .forEach(item -> ids.add(item.get("measureId").asText()));
        return ids;
    }

    /**
     * A table's rows as shown, each its data attributes and its cells' text by column, read in one
     * script: no render can come between two reads of it.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> table(String selector) {
        return (List<Map<String, String>>) js("""
                return [...document.querySelectorAll(arguments[0] + ' tbody tr')].map(tr => {
                  const row = {...tr.dataset};
                  tr.querySelectorAll('td[data-col]').forEach(td => { row[td.dataset.col] = td.textContent.trim(); });
                  return row;
                });""", selector);
    }

    private static List<String> measureIds() {
        return table("table.measures").stream().map(row -> row.get("measure")).toList();
    }

    private static List<String> versions() {
        return table("table.measures").stream().map(row -> row.get("version")).toList();
    }

    /** A measure's row in the list, or null while it is not shown. */
    private static Map<String, String> row(String measureId) {
        return table("table.measures").stream().filter(row -> measureId.equals(row.get("measure"))).findFirst()
                                      .orElse(null);
    }

    private static String text(String selector) {
        return (String) js("return document.querySelector(arguments[0])?.textContent.trim() ?? null;", selector);
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(String selector) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());",
                                 selector);
    }

    private static long count(String selector) {
        return (Long) js("return document.querySelectorAll(arguments[0]).length;", selector);
    }

    /** Emulates a screen of this size (whatever the window decorations). */
    private static void screen(int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                                  Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /**
     * Boxes of the page that overlap one another (beyond a pixel) or whose content spills out of
     * them: the key figures, the urgency strip, the panels and their charts, the header's parts.
     */
    @SuppressWarnings("unchecked")
    private static List<String> overlaps() {
        return (List<String>) js("""
                const groups = ['.kpi, .urgency-strip', '.panels > .panel', '.top > *', '.tools > *:not([hidden])'];
                const found = [];
                const name = e => e.id || e.className || e.tagName;
                for (const group of groups) {
                  const boxes = [...document.querySelectorAll(group)].filter(e => e.offsetParent !== null);
                  for (let i = 0; i < boxes.length; i++) {
                    for (let j = i + 1; j < boxes.length; j++) {
                      const a = boxes[i].getBoundingClientRect(), b = boxes[j].getBoundingClientRect();
                      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                      if (x > 1 && y > 1) found.push(name(boxes[i]) + ' overlaps ' + name(boxes[j]));
                    }
                  }
                }
                for (const box of document.querySelectorAll('.kpi, .urgency-strip, .panel, .chart')) {
                  if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
                    found.push(name(box) + ' spills over');
                  }
                }
                return found;""");
    }

    private static Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static void screenshot(String name) {
        try {
            Path target = Path.of("target", "screenshots");
            Files.createDirectories(target);
            Files.write(target.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
