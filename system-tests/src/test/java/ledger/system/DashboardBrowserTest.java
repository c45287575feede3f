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
import org.openqa.selenium.WebElement;
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
        eventually().untilAsserted(() -> assertThat(text(By.cssSelector("#kpi-total .value"))).isEqualTo("30"));
        assertThat(browser.getCurrentUrl()).doesNotContain("token").doesNotContain("eyJ");
        JsonNode totals = api("/api/v1/dashboard/summary?planId=" + planId).get("totals");
        assertThat(text(By.cssSelector("#kpi-overdue .value"))).isEqualTo(totals.get("overdue").asText());
        assertThat(text(By.cssSelector("#kpi-verified .value"))).isEqualTo("0");
        // urgency in words beside its colour: every seed measure is past its 2016 due date
        assertThat(text(By.cssSelector("#urgency-strip [data-urgency=RED]"))).isEqualTo("红 · 逾期 30");
        assertThat(browser.findElements(By.cssSelector("#deadlines li"))).hasSize(8);
        assertThat(browser.findElements(By.cssSelector("#chart-section canvas"))).isNotEmpty();
        screenshot("dashboard.png");
    }

    @Test
    @Order(2)
    void theLeadUnitsTableHasTheTwentyUnitsWithTheCountsOfTheApi() {
        browser.findElement(By.cssSelector("nav.tabs a[data-view=units]")).click();
        eventually().until(() -> browser.findElements(By.cssSelector("table.dashboard tbody tr")).size() == 20);
        Map<String, String> shown = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("table.dashboard tbody tr"))) {
            shown.put(row.getDomAttribute("data-name"), cell(row, "total") + "/" + cell(row, "verified") + "/"
                                                        + cell(row, "overdue") + "/" + cell(row, "escalated"));
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
        List<String> names = browser.findElements(By.cssSelector("table.dashboard tbody tr")).stream()
                                    .map(row -> row.getDomAttribute("data-name")).toList();
        assertThat(names).isSortedAccordingTo(java.text.Collator.getInstance(java.util.Locale.CHINA)::compare)
                         .hasSize(20);
    }

    @Test
    @Order(3)
    void filtersAndTheSearchNarrowTheMeasuresList() {
        browser.findElement(By.cssSelector("nav.tabs a[data-view=measures]")).click();
        eventually().until(() -> rows().size() == 30);
        assertThat(browser.findElement(By.id("measure-count")).getDomAttribute("data-shown")).isEqualTo("30");

        select("filter-unit", "省财政厅");
        assertThat(measureIds()).containsExactlyElementsOf(apiIds("&unit=%E7%9C%81%E8%B4%A2%E6%94%BF%E5%8E%85"))
                                .containsExactly(planId + "-18", planId + "-25");
        assertThat(browser.getCurrentUrl()).contains("unit=");

        browser.findElement(By.id("filter-clear")).click();
        assertThat(rows()).hasSize(30);
        browser.findElement(By.id("filter-q")).sendKeys("民生");
        assertThat(measureIds()).containsExactly(planId + "-25");
        browser.findElement(By.id("filter-clear")).click();
        select("filter-urgency", "BLUE");
        assertThat(rows()).isEmpty();
        browser.findElement(By.id("filter-clear")).click();
        assertThat(rows()).hasSize(30);
    }

    /** Chooses an option; the page may rebuild a filter's options meanwhile (a clear, fresh data). */
    private void select(String id, String value) {
        eventually().ignoreException(org.openqa.selenium.StaleElementReferenceException.class).until(() -> {
            new Select(browser.findElement(By.id(id))).selectByValue(value);
            return true;
        });
    }

    @Test
    @Order(4)
    void aProgressReportSentOverHttpShowsWithoutAReload() {
        String measure = planId + "-2";   // led by 省政府办公厅 alone
        browser.get(base + "/#/measures");
        eventually().until(() -> rows().size() == 30);
        eventually().until(() -> "connected".equals(
                browser.findElement(By.id("conn")).getDomAttribute("data-state")));
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

        By row = By.cssSelector("tr[data-measure='" + measure + "']");
        eventually().pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            WebElement shown = browser.findElement(row);
            assertThat(shown.getDomAttribute("data-version")).isEqualTo("2");
            assertThat(cell(shown, "progress")).contains("45%");
        });
        long millis = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("DashboardBrowserTest: the report was on the page " + millis + " ms after its answer");
        assertThat(millis).as("the report on the page after the command's answer, ms").isLessThan(3_000);
        // rows are drawn again at each change: read the status afresh
        eventually().untilAsserted(() -> assertThat(text(browser.findElement(row), "status")).isEqualTo("推进中"));
        assertThat(js("return window.notReloaded === true;")).isEqualTo(true);
    }

    @Test
    @Order(5)
    void aStreamThatEndsIsResumedFromItsLastEventIdWithTheTokenInAHeader() {
        // the service ends each stream after STREAM_LIFETIME; the page comes back with the last id it had
        eventually().until(() -> streamRequests().stream().anyMatch(r -> r.get("headers").has("Last-Event-ID")));
        eventually().until(() -> "connected".equals(browser.findElement(By.id("conn")).getDomAttribute("data-state")));
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
        eventually().untilAsserted(() -> assertThat(
                cell(browser.findElement(By.cssSelector("tr[data-measure='" + planId + "-2']")), "progress"))
                .contains("60%"));
        assertThat(js("return window.notReloaded === true;")).isEqualTo(true);
    }

    @Test
    @Order(6)
    void anAuditorSignedInThroughTheFormSeesTheTimelineWithTheActorsUnit() {
        browser.findElement(By.id("signout")).click();
        eventually().until(() -> browser.findElement(By.id("signin")).isDisplayed());
        assertThat(browser.findElement(By.id("conn")).getDomAttribute("data-state")).isEqualTo("signedout");
        assertThat(js("return sessionStorage.getItem('ledger.token');")).isNull();

        browser.findElement(By.id("token-input")).sendKeys(TestTokens.token("auditor-1", "AUDITOR", null));
        browser.findElement(By.id("token-submit")).click();
        browser.get(base + "/#/measure/" + planId + "-2");
        eventually().until(() -> browser.findElements(By.cssSelector("#timeline li")).size() == 4);
        List<String> actors = browser.findElements(By.cssSelector("#timeline li .actor")).stream()
                                     .map(WebElement::getText).toList();
        assertThat(actors.get(0)).isEqualTo("clerk-2 · 责任单位 · 省政府办公厅");
        assertThat(browser.findElements(By.cssSelector("#timeline li .event")).stream().map(WebElement::getText))
                .containsExactly("报送进展", "报送进展", "报送实施方案", "交办");
        assertThat(text(By.id("milestones"))).contains("摸底");

        // English as a switch, kept for the next visit
        browser.findElement(By.id("lang")).click();
        assertThat(text(By.cssSelector("nav.tabs a[data-view=units]"))).isEqualTo("Lead units");
        assertThat(browser.findElements(By.cssSelector("#timeline li .event")).get(0).getText())
                .isEqualTo("Progress reported");
        assertThat(js("return localStorage.getItem('ledger.lang');")).isEqualTo("en");
        browser.findElement(By.id("lang")).click();
        assertThat(text(By.cssSelector("nav.tabs a[data-view=units]"))).isEqualTo("责任单位");
    }

    @Test
    @Order(7)
    void signingInThroughTheIdentityProviderUsesTheAuthorizationCodeWithPkce() {
        browser.findElement(By.id("signout")).click();
        eventually().until(() -> browser.findElement(By.id("oidc-signin")).isDisplayed());
        browser.findElement(By.id("oidc-signin")).click();
        // to the provider, back with a code, exchanged for a token, and the plan is shown
        eventually().untilAsserted(() -> assertThat(text(By.cssSelector("#kpi-total .value"))).isEqualTo("30"));
        assertThat(text(By.id("who"))).startsWith("oidc-reader");
        assertThat(browser.getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
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
    @Order(8)
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
    @Order(9)
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
        // live: both measures past their 2016 due date, one half done
        eventually().untilAsserted(() -> {
            assertThat(text(By.cssSelector("#kpi-total .value"))).isEqualTo("2");
            assertThat(text(By.cssSelector("#kpi-overdue .value"))).isEqualTo("2");
            assertThat(text(By.cssSelector("#kpi-mean .value"))).isEqualTo("25%");
        });
        assertThat(browser.findElement(By.id("asof-banner")).isDisplayed()).isFalse();

        pick("2016-03-01");
        eventually().untilAsserted(() -> {
            assertThat(text(By.id("asof-banner"))).contains("2016-03-01");
            assertThat(text(By.cssSelector("#kpi-total .value"))).isEqualTo("2");
            assertThat(text(By.cssSelector("#kpi-overdue .value"))).isEqualTo("0");
            assertThat(text(By.cssSelector("#kpi-mean .value"))).isEqualTo("0%");
        });
        screenshot("dashboard-asof.png");
        pick("2016-07-01");
        eventually().untilAsserted(() -> {
            assertThat(text(By.cssSelector("#kpi-mean .value"))).isEqualTo("25%");
            assertThat(text(By.cssSelector("#kpi-overdue .value"))).isEqualTo("0");
        });
        // the measures list shows the rows as they stood then
        browser.get(base + "/?plan=" + pastPlan + "#/measures");
        eventually().untilAsserted(() -> assertThat(rows()).hasSize(2));
        pick("2016-03-01");
        eventually().untilAsserted(() -> assertThat(rows().stream().map(r -> r.getDomAttribute("data-version")))
                .containsExactly("0", "0"));
        browser.findElement(By.id("asof-live")).click();
        eventually().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("asof-banner")).isDisplayed()).isFalse();
            assertThat(rows().stream().map(r -> r.getDomAttribute("data-version"))).containsExactly("2", "0");
        });
    }

    /** Picks a day in the date picker, as a user's choice fires it (typing into a date field depends on the locale). */
    private static void pick(String day) {
        ((JavascriptExecutor) browser).executeScript(
                "const input = document.getElementById('asof'); input.value = arguments[0];"
                + " input.dispatchEvent(new Event('change', {bubbles: true}));", day);
    }

    @Test
    @Order(10)
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

    /** Waits for the page, ignoring elements not (yet) there. */
    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(PATIENCE).ignoreExceptions();
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

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("table.measures tbody tr"));
    }

    private static List<String> measureIds() {
        return rows().stream().map(row -> row.getDomAttribute("data-measure")).toList();
    }

    private static String cell(WebElement row, String column) {
        return text(row, column);
    }

    private static String text(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col=" + column + "]")).getDomProperty("textContent").trim();
    }

    private static String text(By by) {
        return browser.findElement(by).getDomProperty("textContent").trim();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
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
