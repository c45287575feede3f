package ledger.command.measure;

import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.MilestoneMissed;
import ledger.messages.measure.Obligation;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.ResolveEscalation;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.Verdict;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.measure.VerifyMeasure;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The Measure's rules, each as given events / when a command / expect events or a refusal. */
class MeasureTest {

    private static final String ID = "gd-2016-1";
    private static final LocalDate DUE = LocalDate.of(2016, 10, 31);
    private static final DueDateBasis GIVEN = new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null);

    private FixtureConfiguration<Measure> fixture;

    private DeadlinePolicy policy;

    @BeforeEach
    void setUp() {
        AggregateTestFixture<Measure> aggregateFixture = new AggregateTestFixture<>(Measure.class);
        fixture = aggregateFixture;
        // the policy counts periods on the fixture's clock, which the tests move
        policy = new DeadlinePolicy(ZoneId.of("Asia/Shanghai"), Duration.ofDays(14),
                                    new Clock() {
                                        @Override
                                        public ZoneId getZone() {
                                            return ZoneOffset.UTC;
                                        }

                                        @Override
                                        public Clock withZone(ZoneId zone) {
                                            return this;
                                        }

                                        @Override
                                        public Instant instant() {
                                            return aggregateFixture.currentTime();
                                        }
                                    });
        MeasureFixtures.configure(aggregateFixture, policy);
    }

    // --- the events a measure's history is made of -------------------------------------------------

    private static MeasureAssigned assigned() {
        return new MeasureAssigned(ID, "gd-2016", 1, "深化改革", 1, "精简审批", "全文", List.of("朱小丹", "李锋"),
                                   List.of("省府办公厅"), DUE, null, GIVEN, null, List.of(7, 1));
    }

    private static ImplementationPlanSubmitted planSubmitted() {
        return new ImplementationPlanSubmitted(ID, "方案", List.of(new Milestone("清理", LocalDate.of(2016, 6, 30))),
                                               List.of("张三"));
    }

    private static ProgressReported progress(int percent) {
        return new ProgressReported(ID, percent, "进展", List.of("doc-1"), null);
    }

    /** Plans and reports come from a lead unit of the measure (deny by default: see LeadUnitsOnly). */
    private static final Map<String, String> LEAD_UNIT = Map.of(
            MetadataKeys.ACTOR_ROLE, "UNIT", MetadataKeys.ACTOR_UNIT, "省府办公厅");

    private static CommandMessage<?> byLeadUnit(Object command) {
        return GenericCommandMessage.asCommandMessage(command).withMetaData(LEAD_UNIT);
    }

    private static AssignMeasure assign() {
        return new AssignMeasure(ID, "gd-2016", 1, "深化改革", 1, "精简审批", "全文", List.of("朱小丹", "李锋"),
                                 List.of("省府办公厅"), DUE, null, GIVEN);
    }

    private static Matcher<CommandRejectedException> rejected(CommandRejection.Kind kind) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRejectedException e) {
                return e.rejection().kind() == kind;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a command rejection of kind " + kind);
            }
        };
    }

    @Nested
    class Assigning {

        @Test
        void aMeasureIsAssignedWithItsLeadersUnitsAndDueDate() {
            fixture.givenNoPriorActivity()
                   .when(assign())
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(assigned());
        }

        @Test
        void aRecurringMeasureKeepsItsRecurrence() {
            // in the middle of a quarter, before its reminders
            fixture.givenCurrentTime(Instant.parse("2016-08-10T02:00:00Z"))
                   .when(new AssignMeasure(ID, "gd-2016", 1, null, 1, "精简审批", null, List.of("朱小丹"),
                                           List.of("省府办公厅"), DUE, Recurrence.QUARTERLY,
                                           new DueDateBasis(DueDateBasis.Rule.STATED_IN_MEASURE, "每季度")))
                   .expectEvents(new MeasureAssigned(ID, "gd-2016", 1, null, 1, "精简审批", null, List.of("朱小丹"),
                                                     List.of("省府办公厅"), DUE, Recurrence.QUARTERLY,
                                                     new DueDateBasis(DueDateBasis.Rule.STATED_IN_MEASURE, "每季度"),
                                                     null, List.of(7, 1)));
        }

        @Test
        void withoutABasisTheDueDateCountsAsAssigned() {
            fixture.givenNoPriorActivity()
                   .when(new AssignMeasure(ID, "gd-2016", 1, "深化改革", 1, "精简审批", "全文", List.of("朱小丹", "李锋"),
                                           List.of("省府办公厅"), DUE, null, null))
                   .expectEvents(assigned());
        }

        @Test
        void anIdThatIsNotPlanAndNumberIsRefused() {
            fixture.givenNoPriorActivity()
                   .when(new AssignMeasure("gd-2016-2", "gd-2016", 1, null, 1, "精简审批", null, List.of("朱小丹"),
                                           List.of("省府办公厅"), DUE, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void aMeasureWithoutLeadersIsRefused() {
            fixture.givenNoPriorActivity()
                   .when(new AssignMeasure(ID, "gd-2016", 1, null, 1, "精简审批", null, List.of(),
                                           List.of("省府办公厅"), DUE, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void aMeasureWithoutLeadUnitsIsRefused() {
            fixture.givenNoPriorActivity()
                   .when(new AssignMeasure(ID, "gd-2016", 1, null, 1, "精简审批", null, List.of("朱小丹"),
                                           List.of(), DUE, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void aMeasureWithoutDueDateIsRefused() {
            fixture.givenNoPriorActivity()
                   .when(new AssignMeasure(ID, "gd-2016", 1, null, 1, "精简审批", null, List.of("朱小丹"),
                                           List.of("省府办公厅"), null, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }
    }

    @Nested
    class SubmittingThePlan {

        private final SubmitImplementationPlan submit = new SubmitImplementationPlan(
                ID, "方案", List.of(new Milestone("清理", LocalDate.of(2016, 6, 30))), List.of("张三"), null);

        @Test
        void anAssignedMeasureTakesItsPlan() {
            fixture.given(assigned())
                   .when(submit, LEAD_UNIT)
                   .expectEvents(planSubmitted())
                   .expectResultMessagePayload(1L);
        }

        @Test
        void thePlanMayBeResubmittedBeforeProgress() {
            fixture.given(assigned(), planSubmitted())
                   .when(submit, LEAD_UNIT)
                   .expectEvents(planSubmitted());
        }

        @Test
        void thePlanMayBeResubmittedDuringProgress() {
            fixture.given(assigned(), planSubmitted(), progress(40))
                   .when(submit, LEAD_UNIT)
                   .expectEvents(planSubmitted());
        }

        @Test
        void aPlanWithoutSummaryIsRefused() {
            fixture.given(assigned())
                   .when(new SubmitImplementationPlan(ID, " ", List.of(), List.of(), null), LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void aMilestoneWithoutDateIsRefused() {
            fixture.given(assigned())
                   .when(new SubmitImplementationPlan(ID, "方案", List.of(new Milestone("清理", null)), List.of(),
                                                      null), LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void noPlanAfterVerification() {
            fixture.given(assigned(), planSubmitted(), progress(100), new MeasureVerified(ID, "ok"))
                   .when(submit, LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }
    }

    @Nested
    class ReportingProgress {

        @Test
        void progressNeedsASubmittedPlan() {
            fixture.given(assigned())
                   .when(new ReportProgress(ID, 10, "开始", List.of(), null, null), LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void progressAfterThePlanIsRecorded() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 40, "进展", List.of("doc-1"), null, null), LEAD_UNIT)
                   .expectEvents(progress(40))
                   .expectResultMessagePayload(2L);
        }

        @Test
        void progressMayBeReportedAgain() {
            fixture.given(assigned(), planSubmitted(), progress(40))
                   .when(new ReportProgress(ID, 60, "进展", List.of("doc-1"), null, null), LEAD_UNIT)
                   .expectEvents(progress(60));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 100})
        void percentAtTheBoundsIsAccepted(int percent) {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, percent, "进展", List.of("doc-1"), null, null), LEAD_UNIT)
                   .expectEvents(progress(percent));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 101})
        void percentOutsideZeroToHundredIsRefused(int percent) {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, percent, "进展", List.of(), null, null), LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void aReportMayNameAMilestoneOfThePlan() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 50, "清理过半", List.of(), "清理", null), LEAD_UNIT)
                   .expectEvents(new ProgressReported(ID, 50, "清理过半", List.of(), "清理"));
        }

        @Test
        void aMilestoneThePlanDoesNotHaveIsRefused() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 50, "进展", List.of(), "不存在的节点", null), LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void noProgressAfterVerification() {
            fixture.given(assigned(), planSubmitted(), progress(100), new MeasureVerified(ID, "ok"))
                   .when(new ReportProgress(ID, 100, "再报", List.of(), null, null), LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }
    }

    @Nested
    class Verifying {

        @Test
        void passedAtHundredPercentClosesTheMeasureOut() {
            fixture.given(assigned(), planSubmitted(), progress(100))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, "核验通过", null))
                   .expectEvents(new MeasureVerified(ID, "核验通过"));
        }

        @Test
        void passedBelowHundredPercentIsRefused() {
            fixture.given(assigned(), planSubmitted(), progress(90))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void passedWhenAnEarlierHundredWasFollowedByLessIsRefused() {
            fixture.given(assigned(), planSubmitted(), progress(100), progress(80))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void rejectedIsRecordedWithItsReasonsAndTheMeasureStaysInProgress() {
            fixture.given(assigned(), planSubmitted(), progress(100))
                   .when(new VerifyMeasure(ID, Verdict.REJECTED, "证据不足", null))
                   .expectEvents(new VerificationRejected(ID, "证据不足"))
                   .expectState(measure -> org.assertj.core.api.Assertions
                           .assertThat(measure.allowedCommands()).contains("reportProgress", "verify"));
        }

        @Test
        void rejectedNeedsReasons() {
            fixture.given(assigned(), planSubmitted(), progress(100))
                   .when(new VerifyMeasure(ID, Verdict.REJECTED, "", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void afterARejectionPassedNeedsANewReportAtHundred() {
            fixture.given(assigned(), planSubmitted(), progress(100), new VerificationRejected(ID, "证据不足"))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void afterARejectionAndANewReportAtHundredPassedIsAccepted() {
            fixture.given(assigned(), planSubmitted(), progress(100), new VerificationRejected(ID, "证据不足"),
                          progress(100))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectEvents(new MeasureVerified(ID, null));
        }

        @Test
        void nothingToVerifyBeforeProgress() {
            fixture.given(assigned(), planSubmitted())
                   .when(new VerifyMeasure(ID, Verdict.REJECTED, "无进展", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void aVerifiedMeasureCannotBeVerifiedAgain() {
            fixture.given(assigned(), planSubmitted(), progress(100), new MeasureVerified(ID, "ok"))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }
    }

    @Nested
    class Escalating {

        @Test
        void theFirstEscalationIsLevelOne() {
            fixture.given(assigned())
                   .when(new EscalateMeasure(ID, EscalationReason.OVERDUE, "逾期", null))
                   .expectEvents(new MeasureEscalated(ID, 1, EscalationReason.OVERDUE, "逾期"));
        }

        @Test
        void anotherEscalationGoesOneLevelUp() {
            fixture.given(assigned(), new MeasureEscalated(ID, 1, EscalationReason.OVERDUE, null))
                   .when(new EscalateMeasure(ID, EscalationReason.MANUAL, "仍未整改", null))
                   .expectEvents(new MeasureEscalated(ID, 2, EscalationReason.MANUAL, "仍未整改"));
        }

        @Test
        void anEscalationNeedsAReason() {
            fixture.given(assigned())
                   .when(new EscalateMeasure(ID, null, "逾期", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void noEscalationOnceVerified() {
            fixture.given(assigned(), planSubmitted(), progress(100), new MeasureVerified(ID, "ok"))
                   .when(new EscalateMeasure(ID, EscalationReason.MANUAL, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void anOpenEscalationIsResolvedFromItsLevel() {
            fixture.given(assigned(), new MeasureEscalated(ID, 1, EscalationReason.OVERDUE, null),
                          new MeasureEscalated(ID, 2, EscalationReason.OVERDUE, null))
                   .when(new ResolveEscalation(ID, "已整改", null))
                   .expectEvents(new EscalationResolved(ID, 2, "已整改"));
        }

        @Test
        void resolvingNeedsAnOpenEscalation() {
            fixture.given(assigned())
                   .when(new ResolveEscalation(ID, "无", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void aResolvedEscalationCannotBeResolvedTwice() {
            fixture.given(assigned(), new MeasureEscalated(ID, 1, EscalationReason.OVERDUE, null),
                          new EscalationResolved(ID, 1, null))
                   .when(new ResolveEscalation(ID, "再次", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void afterResolutionTheNextEscalationStartsAtLevelOne() {
            fixture.given(assigned(), new MeasureEscalated(ID, 1, EscalationReason.OVERDUE, null),
                          new EscalationResolved(ID, 1, null))
                   .when(new EscalateMeasure(ID, EscalationReason.MISSED_REPORT, null, null))
                   .expectEvents(new MeasureEscalated(ID, 1, EscalationReason.MISSED_REPORT, null));
        }

        @Test
        void noResolutionOnceVerified() {
            fixture.given(assigned(), new MeasureEscalated(ID, 1, EscalationReason.OVERDUE, null), planSubmitted(),
                          progress(100), new MeasureVerified(ID, "ok"))
                   .when(new ResolveEscalation(ID, "已整改", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }
    }

    @Nested
    class ExtendingTheDueDate {

        @Test
        void aLaterDateWithAReasonIsRecordedWithThePreviousDate() {
            fixture.given(assigned())
                   .when(new ExtendDueDate(ID, LocalDate.of(2016, 12, 31), "需省人大审议", null))
                   .expectEvents(new DueDateExtended(ID, DUE, LocalDate.of(2016, 12, 31), "需省人大审议"));
        }

        @Test
        void theSameDateIsRefused() {
            fixture.given(assigned())
                   .when(new ExtendDueDate(ID, DUE, "同日", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void anEarlierDateIsRefused() {
            fixture.given(assigned())
                   .when(new ExtendDueDate(ID, DUE.minusDays(1), "提前", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void aSecondExtensionMustBeLaterThanTheFirst() {
            fixture.given(assigned(), new DueDateExtended(ID, DUE, LocalDate.of(2016, 12, 31), "延期"))
                   .when(new ExtendDueDate(ID, LocalDate.of(2016, 11, 30), "再延期", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }

        @Test
        void anExtensionNeedsAReason() {
            fixture.given(assigned())
                   .when(new ExtendDueDate(ID, LocalDate.of(2016, 12, 31), " ", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void noExtensionOnceVerified() {
            fixture.given(assigned(), planSubmitted(), progress(100), new MeasureVerified(ID, "ok"))
                   .when(new ExtendDueDate(ID, LocalDate.of(2016, 12, 31), "延期", null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.CONFLICT));
        }
    }

    @Nested
    class Deadlines {

        private final Duration aDay = Duration.ofDays(1);

        private MeasureEscalated overdue(int level) {
            return new MeasureEscalated(ID, level, EscalationReason.OVERDUE, level == 1
                    ? "due date " + DUE + " passed unverified; urging did not help"
                    : "escalation of level " + (level - 1) + " unresolved for 14 days");
        }

        private final MeasureUrged urged = new MeasureUrged(ID, Obligation.DUE_DATE, null, DUE);

        @Test
        void assigningSchedulesTheDueDateAtTheEndOfTheDueDay() {
            fixture.givenNoPriorActivity()
                   .when(assign())
                   .expectScheduledDeadlineWithName(policy.endOf(DUE), MeasureDeadlines.OVERDUE);
        }

        @Test
        void whenTheDueDatePassesUnverifiedTheSystemUrges() {
            fixture.givenCommands(assign())
                   .whenTimeElapses(aDay)
                   .expectEvents(urged);
        }

        @Test
        void whenUrgingDoesNotHelpTheSystemEscalatesAndAnEscalationLeftUnresolvedGoesOneLevelUp() {
            fixture.givenCommands(assign())
                   .whenTimeElapses(Duration.ofDays(22))
                   .expectEvents(urged, overdue(1), overdue(2));
        }

        @Test
        void verificationCancelsEverythingPending() {
            fixture.givenCommands(assign(),
                                  byLeadUnit(new SubmitImplementationPlan(ID, "方案", List.of(), List.of(), null)),
                                  byLeadUnit(new ReportProgress(ID, 100, "完成", List.of(), null, null)))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectEvents(new MeasureVerified(ID, null))
                   .expectNoScheduledDeadlines();
        }

        private final Milestone clearing = new Milestone("清理", LocalDate.of(2099, 3, 31));

        @Test
        void aPlanSchedulesItsMilestones() {
            fixture.givenCommands(assign())
                   .when(new SubmitImplementationPlan(ID, "方案", List.of(clearing), List.of(), null), LEAD_UNIT)
                   .expectScheduledDeadlineWithName(policy.endOf(clearing.dueDate()), MeasureDeadlines.MILESTONE_DUE);
        }

        @Test
        void aMilestonePassedWithoutAReportNamingItIsRecordedAsMissed() {
            fixture.givenCommands(new AssignMeasure(ID, "gd-2016", 1, "深化改革", 1, "精简审批", "全文", List.of("朱小丹"),
                                                    List.of("省府办公厅"), LocalDate.of(2099, 12, 31), null, GIVEN),
                                  byLeadUnit(new SubmitImplementationPlan(ID, "方案", List.of(clearing), List.of(), null)))
                   .whenThenTimeAdvancesTo(policy.endOf(clearing.dueDate()).plusSeconds(1))
                   .expectEvents(new MeasureReminded(ID, Obligation.MILESTONE, "清理", clearing.dueDate(), 7),
                                 new MeasureReminded(ID, Obligation.MILESTONE, "清理", clearing.dueDate(), 1),
                                 new MilestoneMissed(ID, "清理", clearing.dueDate()),
                                 new MeasureUrged(ID, Obligation.MILESTONE, "清理", clearing.dueDate()));
        }

        @Test
        void aMilestoneReportedMetIsNotMissed() {
            fixture.givenCommands(new AssignMeasure(ID, "gd-2016", 1, "深化改革", 1, "精简审批", "全文", List.of("朱小丹"),
                                                    List.of("省府办公厅"), LocalDate.of(2099, 12, 31), null, GIVEN),
                                  byLeadUnit(new SubmitImplementationPlan(ID, "方案", List.of(clearing), List.of(), null)),
                                  byLeadUnit(new ReportProgress(ID, 40, "清理完成", List.of(), "清理", null)))
                   .whenThenTimeAdvancesTo(policy.endOf(clearing.dueDate()).plusSeconds(1))
                   .expectNoEvents();
        }

        @Test
        void anExtensionMovesTheDueDeadline() {
            LocalDate later = LocalDate.of(2031, 12, 31);
            fixture.givenCommands(assign())
                   .when(new ExtendDueDate(ID, later, "需省人大审议", null))
                   .expectScheduledDeadlineWithName(policy.endOf(later), MeasureDeadlines.OVERDUE)
                   .expectNoScheduledDeadlineWithName(policy.endOf(DUE), MeasureDeadlines.OVERDUE);
        }

        @Test
        void resolvingTheEscalationStopsTheNextLevel() {
            fixture.givenCommands(assign(), new EscalateMeasure(ID, EscalationReason.MANUAL, "督办", null))
                   .when(new ResolveEscalation(ID, "已督办", null))
                   .expectEvents(new EscalationResolved(ID, 1, "已督办"))
                   .expectNoScheduledDeadlineWithName(Instant.EPOCH, Instant.parse("2999-01-01T00:00:00Z"),
                                                      MeasureDeadlines.STILL_ESCALATED);
        }

        @Test
        void aManualEscalationAlsoGoesUpWhenLeftUnresolved() {
            fixture.givenCommands(assign())
                   .when(new EscalateMeasure(ID, EscalationReason.MANUAL, "督办", null))
                   .expectScheduledDeadlineWithName(policy.reEscalateAfter(), MeasureDeadlines.STILL_ESCALATED);
        }

    }

    @Nested
    class LeadUnitsOnly {

        private final Map<String, String> ownUnit = Map.of(
                MetadataKeys.ACTOR_ROLE, "UNIT", MetadataKeys.ACTOR_UNIT, "省府办公厅");
        private final Map<String, String> otherUnit = Map.of(
                MetadataKeys.ACTOR_ROLE, "UNIT", MetadataKeys.ACTOR_UNIT, "省扶贫办");

        @Test
        void aLeadUnitSubmitsThePlanOfItsOwnMeasure() {
            fixture.given(assigned())
                   .when(new SubmitImplementationPlan(ID, "方案", List.of(), List.of(), null), ownUnit)
                   .expectEvents(new ImplementationPlanSubmitted(ID, "方案", List.of(), List.of()));
        }

        @Test
        void anotherUnitCannotSubmitAPlan() {
            fixture.given(assigned())
                   .when(new SubmitImplementationPlan(ID, "方案", List.of(), List.of(), null), otherUnit)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.FORBIDDEN));
        }

        @Test
        void aLeadUnitReportsOnItsOwnMeasure() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 20, "进展", List.of(), null, null), ownUnit)
                   .expectEvents(new ProgressReported(ID, 20, "进展", List.of(), null));
        }

        @Test
        void anotherUnitCannotReportProgress() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 20, "进展", List.of(), null, null), otherUnit)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.FORBIDDEN));
        }

        @Test
        void aCommandWithoutARoleCannotReport() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 20, "进展", List.of(), null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.FORBIDDEN));
        }

        @Test
        void anotherRoleCannotSubmitAPlanEvenNamingALeadUnit() {
            fixture.given(assigned())
                   .when(new SubmitImplementationPlan(ID, "方案", List.of(), List.of(), null),
                         Map.of(MetadataKeys.ACTOR_ROLE, "SUPERVISOR", MetadataKeys.ACTOR_UNIT, "省府办公厅"))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.FORBIDDEN));
        }

        @Test
        void aUnitTokenWithoutUnitCannotReport() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 20, "进展", List.of(), null, null),
                         Map.of(MetadataKeys.ACTOR_ROLE, "UNIT"))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.FORBIDDEN));
        }
    }

    @Nested
    class ExpectedVersion {

        @Test
        void theCurrentVersionIsAccepted() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 10, "进展", List.of("doc-1"), null, 1L), LEAD_UNIT)
                   .expectEvents(new ProgressReported(ID, 10, "进展", List.of("doc-1"), null))
                   .expectResultMessagePayload(2L);
        }

        @Test
        void aStaleVersionIsRefused() {
            fixture.given(assigned(), planSubmitted())
                   .when(new ReportProgress(ID, 10, "进展", List.of(), null, 0L), LEAD_UNIT)
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.STALE_VERSION));
        }

        @Test
        void aVersionFromTheFutureIsRefused() {
            fixture.given(assigned())
                   .when(new EscalateMeasure(ID, EscalationReason.MANUAL, null, 5L))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.STALE_VERSION));
        }
    }
}
