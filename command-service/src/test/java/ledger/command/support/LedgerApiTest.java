package ledger.command.support;

import ledger.command.CommandServiceApplication;
import ledger.command.dispatch.CommandDispatcher;
import ledger.messages.Actor;
import ledger.messages.ActorRole;
import ledger.messages.plan.RegisterPlan;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.LocalDate;
import java.util.UUID;

/** Base of the tests that go through HTTP, Axon and the PostgreSQL event store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = CommandServiceApplication.CONFIG_NAME)
public abstract class LedgerApiTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private ApplicationContext service;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
        // deadlines of the tests' measures (due in 2016) must not fire between two counts of events
        registry.add("ledger.deadlines.enabled", () -> "false");
    }

    protected ApiClient supervisor() {
        return new ApiClient("http://localhost:" + port).as("office-1", "SUPERVISOR", "省政府督查室");
    }

    protected ApiClient unit(String unitName) {
        return new ApiClient("http://localhost:" + port).as("clerk-1", "UNIT", unitName);
    }

    protected ApiClient anonymous() {
        return new ApiClient("http://localhost:" + port);
    }

    /** A plan id no other test uses, so tests share one database without seeing each other. */
    protected static String freshPlanId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh plan id, registered as an import registers its plan: measures may be assigned to it. */
    protected String registeredPlanId() {
        return registerPlan(service, freshPlanId());
    }

    /** Puts a plan on the ledger, as an import does before it assigns the plan's measures. */
    public static String registerPlan(ApplicationContext service, String planId) {
        service.getBean(CommandDispatcher.class).send(
                new RegisterPlan(planId, "测试方案", null, null, LocalDate.of(2016, 10, 31), null, 30),
                new Actor("office-1", ActorRole.SUPERVISOR, null), "register-" + planId);
        return planId;
    }

    protected long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
    }

    public static String assignBody(String planId, int number) {
        return """
               {"planId":"%s","section":1,"sectionTitle":"深化行政审批制度改革","number":%d,
                "title":"进一步精简行政审批事项","description":"全面清理非行政许可审批事项。",
                "leaders":["朱小丹","李锋"],"leadUnits":["省府办公厅","省编办"],
                "dueDate":"2016-10-31"}""".formatted(planId, number);
    }
}
