package ledger.command.plan;

import ledger.command.measure.CommandRejectedException;
import ledger.messages.plan.PlanRegistered;
import ledger.messages.plan.RegisterPlan;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

/** A plan is registered once, with a title, a deadline not before its issue date, and measures. */
class PlanTest {

    private static final String SHA = "a".repeat(64);
    private static final LocalDate ISSUED = LocalDate.of(2016, 1, 16);
    private static final LocalDate DEADLINE = LocalDate.of(2016, 10, 31);

    private FixtureConfiguration<Plan> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Plan.class);
    }

    @Test
    void aPlanIsRegisteredWithItsSourceFingerprint() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", "整改方案", "广东省人民政府", ISSUED, DEADLINE, SHA, 30))
               .expectEvents(new PlanRegistered("gd-2016", "整改方案", "广东省人民政府", ISSUED, DEADLINE, SHA, 30));
    }

    @Test
    void aPlanKeepsItsReminderLeadTimes() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", "整改方案", null, ISSUED, DEADLINE, SHA, 30, java.util.List.of(7, 1)))
               .expectEvents(new PlanRegistered("gd-2016", "整改方案", null, ISSUED, DEADLINE, SHA, 30,
                                                java.util.List.of(7, 1)));
    }

    @Test
    void leadTimesOutsideOneToAYearAreRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", "整改方案", null, ISSUED, DEADLINE, SHA, 30, java.util.List.of(7, 400)))
               .expectNoEvents().expectException(CommandRejectedException.class);
    }

    @Test
    void itsEventStoreIdCannotCollideWithAMeasureId() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016-1", "整改方案", null, null, DEADLINE, null, 1))
               .expectSuccessfulHandlerExecution()
               .expectResultMessagePayload("plan:gd-2016-1");
    }

    @Test
    void aPlanIdOutsideThePatternIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("GD 2016", "整改方案", null, ISSUED, DEADLINE, SHA, 30))
               .expectNoEvents().expectException(CommandRejectedException.class);
    }

    @Test
    void aPlanWithoutTitleIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", " ", null, ISSUED, DEADLINE, SHA, 30))
               .expectNoEvents().expectException(CommandRejectedException.class);
    }

    @Test
    void aPlanWithoutDeadlineIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", "整改方案", null, ISSUED, null, SHA, 30))
               .expectNoEvents().expectException(CommandRejectedException.class);
    }

    @Test
    void aDeadlineBeforeTheIssueDateIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", "整改方案", null, ISSUED, ISSUED.minusDays(1), SHA, 30))
               .expectNoEvents().expectException(CommandRejectedException.class);
    }

    @Test
    void aMalformedFingerprintIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", "整改方案", null, ISSUED, DEADLINE, "abc", 30))
               .expectNoEvents().expectException(CommandRejectedException.class);
    }

    @Test
    void aPlanWithoutMeasuresIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPlan("gd-2016", "整改方案", null, ISSUED, DEADLINE, SHA, 0))
               .expectNoEvents().expectException(CommandRejectedException.class);
    }
}
