package ledger.command.measure;

import ledger.messages.CommandRejection;
import ledger.messages.MetadataKeys;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.MilestoneMissed;
import ledger.messages.measure.Obligation;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportPeriodMissed;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.Verdict;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.measure.VerifyMeasure;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The office's chain as the Measure runs it by itself: calendar periods, reminders (提醒), urging
 * (催办) and escalation (督办), each a deadline, each step an event. Days are days in Asia/Shanghai.
 */
class SupervisionWorkflowTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String ID = "gd-2016-2";
    private static final DueDateBasis FIRST_QUARTER = new DueDateBasis(DueDateBasis.Rule.STATED_IN_MEASURE,
                                                                       "2016年第一季度");
    private static final LocalDate MARCH_31 = LocalDate.of(2016, 3, 31);
    private static final Map<String, String> LEAD_UNIT = Map.of(
            MetadataKeys.ACTOR_ROLE, "UNIT", MetadataKeys.ACTOR_UNIT, "省府办公厅");

    private FixtureConfiguration<Measure> fixture;
    private DeadlinePolicy policy;

    @BeforeEach
    void setUp() {
        AggregateTestFixture<Measure> aggregateFixture = new AggregateTestFixture<>(Measure.class);
        fixture = aggregateFixture;
        policy = new DeadlinePolicy(ZONE, Duration.ofDays(14), new Clock() {
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

    /** An instant of a day and hour in Shanghai. */
    private static Instant at(int year, int month, int day, int hour) {
        return LocalDateTime.of(year, month, day, hour, 0).atZone(ZONE).toInstant();
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    private static Instant justAfter(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZONE).toInstant().plusSeconds(1);
    }

    private static AssignMeasure assign(LocalDate due, Recurrence recurrence, Integer timesPerYear,
                                        List<Integer> remindDaysBefore) {
        return new AssignMeasure(ID, "gd-2016", 1, "作风建设", 2, "加强政府系统作风建设教育", "全文", List.of("朱小丹"),
                                 List.of("省府办公厅"), due, recurrence, FIRST_QUARTER, timesPerYear, remindDaysBefore);
    }

    private static AssignMeasure dueOn(LocalDate due) {
        return assign(due, null, null, null);
    }

    private static MeasureAssigned assigned(LocalDate due, Recurrence recurrence, Integer timesPerYear,
                                            List<Integer> remindDaysBefore) {
        return new MeasureAssigned(ID, "gd-2016", 1, "作风建设", 2, "加强政府系统作风建设教育", "全文", List.of("朱小丹"),
                                   List.of("省府办公厅"), due, recurrence, FIRST_QUARTER, timesPerYear, remindDaysBefore);
    }

    private static CommandMessage<?> byLeadUnit(Object command) {
        return GenericCommandMessage.asCommandMessage(command).withMetaData(LEAD_UNIT);
    }

    private static CommandMessage<?> plan(Milestone... milestones) {
        return byLeadUnit(new SubmitImplementationPlan(ID, "方案", List.of(milestones), List.of(), null));
    }

    private static CommandMessage<?> report(int percent) {
        return byLeadUnit(new ReportProgress(ID, percent, "进展", List.of(), null, null));
    }

    private static MeasureDeadlines.Reminder dueDateReminder(LocalDate due, int days) {
        return new MeasureDeadlines.Reminder(Obligation.DUE_DATE, null, due, days, 0);
    }

    private static MeasureReminded reminded(Obligation obligation, String item, LocalDate due, int days) {
        return new MeasureReminded(ID, obligation, item, due, days);
    }

    /** The payloads of one type among the events published, in order, mapped to what the test compares. */
    private static <T> Matcher<List<EventMessage<?>>> only(Class<T> type, java.util.function.Function<T, ?> seen,
                                                           List<?> expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return Objects.equals(project(events), expected);
            }

            private List<?> project(List<EventMessage<?>> events) {
                return events.stream().map(EventMessage::getPayload).filter(type::isInstance).map(type::cast)
                             .map(seen).toList();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(type.getSimpleName() + " events showing " + expected);
            }

            @Override
            protected void describeMismatchSafely(List<EventMessage<?>> events, Description description) {
                description.appendText("were " + project(events) + " among "
                                       + events.stream().map(EventMessage::getPayload).toList());
            }
        };
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
    class Reminders {

        @Test
        void aReminderWhoseTimeHasComeAtAssignmentIsSetForNow() {
            // the seed's measure 2, imported on 2016-03-25: due 2016-03-31 (2016年第一季度), 7 days' notice has begun
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .when(dueOn(MARCH_31))
                   .expectEvents(assigned(MARCH_31, null, null, List.of(7, 1)))
                   .expectScheduledDeadline(at(2016, 3, 25, 10), dueDateReminder(MARCH_31, 7))
                   .expectScheduledDeadline(startOf(LocalDate.of(2016, 3, 30)), dueDateReminder(MARCH_31, 1))
                   .expectScheduledDeadlineWithName(justAfter(MARCH_31).minusSeconds(1), MeasureDeadlines.OVERDUE);
        }

        @Test
        void aReminderWhoseTimeHasComeIsSentAtOnceByTheSystem() {
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .andGivenCommands(dueOn(MARCH_31))
                   .whenTimeElapses(Duration.ofSeconds(1))
                   .expectEvents(reminded(Obligation.DUE_DATE, null, MARCH_31, 7));
        }

        @Test
        void onlyTheNearestReminderIsSentAtOnceWhenSeveralHaveCome() {
            fixture.givenCurrentTime(at(2016, 3, 30, 12))
                   .andGivenCommands(dueOn(MARCH_31))
                   .whenTimeElapses(Duration.ofSeconds(1))
                   .expectEvents(reminded(Obligation.DUE_DATE, null, MARCH_31, 1));
        }

        @Test
        void noReminderForADateThatHasPassed() {
            fixture.givenCurrentTime(at(2016, 4, 2, 9))
                   .when(dueOn(MARCH_31))
                   .expectEvents(assigned(MARCH_31, null, null, List.of(7, 1)))
                   .expectNoScheduledDeadlineOfType(Instant.EPOCH, Instant.parse("2999-01-01T00:00:00Z"),
                                                    MeasureDeadlines.Reminder.class);
        }

        @Test
        void remindersFireAtTheirLeadTimesBeforeTheDueDate() {
            fixture.givenCurrentTime(at(2016, 3, 1, 9))
                   .andGivenCommands(dueOn(MARCH_31))
                   .whenThenTimeAdvancesTo(at(2016, 3, 30, 1))
                   .expectEvents(reminded(Obligation.DUE_DATE, null, MARCH_31, 7),
                                 reminded(Obligation.DUE_DATE, null, MARCH_31, 1));
        }

        @Test
        void aPlanSetsItsOwnLeadTimes() {
            fixture.givenCurrentTime(at(2016, 3, 1, 9))
                   .when(assign(MARCH_31, null, null, List.of(1, 3, 3)))
                   .expectEvents(assigned(MARCH_31, null, null, List.of(3, 1)))
                   .expectScheduledDeadline(startOf(LocalDate.of(2016, 3, 28)), dueDateReminder(MARCH_31, 3))
                   .expectNoScheduledDeadline(startOf(LocalDate.of(2016, 3, 24)), dueDateReminder(MARCH_31, 7));
        }

        @Test
        void leadTimesOutsideOneToAYearAreRefused() {
            fixture.givenNoPriorActivity()
                   .when(assign(MARCH_31, null, null, List.of(0)))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void verificationCancelsThePendingReminders() {
            fixture.givenCurrentTime(at(2016, 3, 1, 9))
                   .andGivenCommands(dueOn(MARCH_31), plan(), report(100))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectNoScheduledDeadlines();
        }

        @Test
        void anExtensionReschedulesTheReminders() {
            LocalDate june30 = LocalDate.of(2016, 6, 30);
            fixture.givenCurrentTime(at(2016, 3, 1, 9))
                   .andGivenCommands(dueOn(MARCH_31))
                   .when(new ExtendDueDate(ID, june30, "需省人大审议", null))
                   .expectEvents(new DueDateExtended(ID, MARCH_31, june30, "需省人大审议"))
                   .expectScheduledDeadline(startOf(LocalDate.of(2016, 6, 23)), dueDateReminder(june30, 7))
                   .expectNoScheduledDeadline(startOf(LocalDate.of(2016, 3, 24)), dueDateReminder(MARCH_31, 7))
                   .expectNoScheduledDeadlineWithName(justAfter(MARCH_31).minusSeconds(1), MeasureDeadlines.OVERDUE);
        }

        @Test
        void anExtensionToADateWhoseReminderHasComeRemindsAtOnce() {
            LocalDate march26 = LocalDate.of(2016, 3, 26);
            fixture.givenCurrentTime(at(2016, 3, 25, 9))
                   .andGivenCommands(dueOn(march26))
                   .when(new ExtendDueDate(ID, MARCH_31, "会期调整", null))
                   .expectEvents(new DueDateExtended(ID, march26, MARCH_31, "会期调整"))
                   .expectScheduledDeadline(at(2016, 3, 25, 9),
                                            new MeasureDeadlines.Reminder(Obligation.DUE_DATE, null, MARCH_31, 7, 0))
                   .expectNoScheduledDeadline(at(2016, 3, 25, 9),
                                              new MeasureDeadlines.Reminder(Obligation.DUE_DATE, null, march26, 1, 0));
        }

        @Test
        void aMilestoneIsRemindedAtItsLeadTimes() {
            Milestone clearing = new Milestone("清理", LocalDate.of(2016, 6, 30));
            fixture.givenCurrentTime(at(2016, 3, 1, 9))
                   .andGivenCommands(dueOn(LocalDate.of(2016, 10, 31)), plan(clearing))
                   .whenThenTimeAdvancesTo(at(2016, 6, 29, 1))
                   .expectEvents(reminded(Obligation.MILESTONE, "清理", clearing.dueDate(), 7),
                                 reminded(Obligation.MILESTONE, "清理", clearing.dueDate(), 1));
        }

        @Test
        void aMilestoneReportedMetIsNeitherRemindedNorMissed() {
            Milestone clearing = new Milestone("清理", LocalDate.of(2016, 6, 30));
            fixture.givenCurrentTime(at(2016, 3, 1, 9))
                   .andGivenCommands(dueOn(LocalDate.of(2016, 10, 31)), plan(clearing),
                                     byLeadUnit(new ReportProgress(ID, 40, "清理完成", List.of(), "清理", null)))
                   .whenThenTimeAdvancesTo(justAfter(clearing.dueDate()).plus(Duration.ofDays(10)))
                   .expectNoEvents();
        }

        @Test
        void aNewPlanReplacesTheOldMilestonesReminders() {
            Milestone first = new Milestone("清理", LocalDate.of(2016, 4, 30));
            Milestone second = new Milestone("规范", LocalDate.of(2016, 5, 31));
            fixture.givenCurrentTime(at(2016, 3, 1, 9))
                   .andGivenCommands(dueOn(LocalDate.of(2016, 10, 31)), plan(first))
                   .when(plan(second))
                   .expectEvents(new ImplementationPlanSubmitted(ID, "方案", List.of(second), List.of()))
                   .expectScheduledDeadline(startOf(LocalDate.of(2016, 5, 24)),
                                            new MeasureDeadlines.Reminder(Obligation.MILESTONE, "规范", second.dueDate(),
                                                                          7, 0))
                   .expectNoScheduledDeadline(startOf(LocalDate.of(2016, 4, 23)),
                                              new MeasureDeadlines.Reminder(Obligation.MILESTONE, "清理", first.dueDate(),
                                                                            7, 0))
                   .expectNoScheduledDeadlineWithName(justAfter(first.dueDate()).minusSeconds(1),
                                                      MeasureDeadlines.MILESTONE_DUE);
        }
    }

    @Nested
    class UrgingAndEscalation {

        @Test
        void theDayAfterTheDueDateTheMeasureIsUrged() {
            // the seed's measure 2 on 2016-04-01
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .andGivenCommands(dueOn(MARCH_31))
                   .whenThenTimeAdvancesTo(at(2016, 4, 1, 9))
                   .expectEvents(reminded(Obligation.DUE_DATE, null, MARCH_31, 7),
                                 reminded(Obligation.DUE_DATE, null, MARCH_31, 1),
                                 new MeasureUrged(ID, Obligation.DUE_DATE, null, MARCH_31));
        }

        @Test
        void whenUrgingDoesNotHelpTheSystemEscalates() {
            fixture.givenCurrentTime(at(2016, 4, 2, 9))
                   .andGivenCommands(dueOn(MARCH_31))
                   .whenTimeElapses(Duration.ofDays(8))
                   .expectEvents(new MeasureUrged(ID, Obligation.DUE_DATE, null, MARCH_31),
                                 new MeasureEscalated(ID, 1, EscalationReason.OVERDUE,
                                                      "due date 2016-03-31 passed unverified; urging did not help"));
        }

        @Test
        void aMeasureDoneAndAwaitingVerificationIsNeitherRemindedNorUrged() {
            fixture.givenCurrentTime(at(2016, 3, 28, 9))
                   .andGivenCommands(dueOn(MARCH_31), plan(), report(100))
                   .whenThenTimeAdvancesTo(at(2016, 4, 20, 9))
                   .expectNoEvents();
        }

        @Test
        void anExtendedDueDateIsNotUrgedOnTheOldDate() {
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .andGivenCommands(dueOn(MARCH_31), new ExtendDueDate(ID, LocalDate.of(2016, 6, 30), "延期", null))
                   .whenThenTimeAdvancesTo(at(2016, 4, 20, 9))
                   .expectNoEvents();
        }

        @Test
        void theSystemEscalatesNoHigherThanTheOfficesTopLevel() {
            fixture.givenCurrentTime(at(2016, 4, 2, 9))
                   .andGivenCommands(dueOn(MARCH_31), new EscalateMeasure(ID, EscalationReason.MANUAL, "督办", null),
                                     new EscalateMeasure(ID, EscalationReason.MANUAL, "挂牌督办", null),
                                     new EscalateMeasure(ID, EscalationReason.MANUAL, "通报", null))
                   .whenTimeElapses(Duration.ofDays(60))
                   .expectEvents(new MeasureUrged(ID, Obligation.DUE_DATE, null, MARCH_31));
        }

        @Test
        void aMissedMilestoneIsRecordedUrgedAndThenEscalated() {
            Milestone clearing = new Milestone("清理", LocalDate.of(2016, 6, 30));
            fixture.givenCurrentTime(at(2016, 6, 30, 9))
                   .andGivenCommands(dueOn(LocalDate.of(2016, 10, 31)), plan(clearing))
                   .whenThenTimeAdvancesTo(justAfter(clearing.dueDate()).plus(Duration.ofDays(7)))
                   .expectEvents(reminded(Obligation.MILESTONE, "清理", clearing.dueDate(), 1),
                                 new MilestoneMissed(ID, "清理", clearing.dueDate()),
                                 new MeasureUrged(ID, Obligation.MILESTONE, "清理", clearing.dueDate()),
                                 new MeasureEscalated(ID, 1, EscalationReason.MISSED_REPORT,
                                                      "milestone 清理 due 2016-06-30 not reported; urging did not help"));
        }
    }

    @Nested
    class RejectedVerification {

        private final LocalDate due = LocalDate.of(2016, 10, 31);

        @Test
        void aRejectionExpectsANewReportInTime() {
            fixture.givenCurrentTime(at(2016, 5, 3, 9))
                   .andGivenCommands(dueOn(due), plan(), report(100))
                   .when(new VerifyMeasure(ID, Verdict.REJECTED, "材料不全", null))
                   .expectEvents(new VerificationRejected(ID, "材料不全"))
                   .expectScheduledDeadline(Duration.ofDays(14),
                                            new MeasureDeadlines.RejectionUnanswered(1, LocalDate.of(2016, 5, 17)));
        }

        @Test
        void noNewReportIsUrgedThenEscalatedAsFailedVerification() {
            LocalDate expectedBy = LocalDate.of(2016, 5, 17);
            fixture.givenCurrentTime(at(2016, 5, 3, 9))
                   .andGivenCommands(dueOn(due), plan(), report(100),
                                     new VerifyMeasure(ID, Verdict.REJECTED, "材料不全", null))
                   .whenTimeElapses(Duration.ofDays(22))
                   .expectEvents(new MeasureUrged(ID, Obligation.REPORT_AFTER_REJECTION, null, expectedBy),
                                 new MeasureEscalated(ID, 1, EscalationReason.FAILED_VERIFICATION,
                                                      "no new report after the rejected verification by " + expectedBy
                                                      + "; urging did not help"));
        }

        @Test
        void aNewReportInTimeAnswersTheRejection() {
            fixture.givenCurrentTime(at(2016, 5, 3, 9))
                   .andGivenCommands(dueOn(due), plan(), report(100),
                                     new VerifyMeasure(ID, Verdict.REJECTED, "材料不全", null), report(100))
                   .whenTimeElapses(Duration.ofDays(30))
                   .expectNoEvents();
        }

        @Test
        void aSecondRejectionSetsTheFollowUpAgain() {
            fixture.givenCurrentTime(at(2016, 5, 3, 9))
                   .andGivenCommands(dueOn(due), plan(), report(100),
                                     new VerifyMeasure(ID, Verdict.REJECTED, "材料不全", null), report(100))
                   .when(new VerifyMeasure(ID, Verdict.REJECTED, "仍不全", null))
                   .expectScheduledDeadline(Duration.ofDays(14),
                                            new MeasureDeadlines.RejectionUnanswered(2, LocalDate.of(2016, 5, 17)))
                   .expectNoScheduledDeadline(Duration.ofDays(14),
                                              new MeasureDeadlines.RejectionUnanswered(1, LocalDate.of(2016, 5, 17)));
        }

        @Test
        void aVerifiedMeasureIsNotChasedAfterARejection() {
            fixture.givenCurrentTime(at(2016, 5, 3, 9))
                   .andGivenCommands(dueOn(due), plan(), report(100),
                                     new VerifyMeasure(ID, Verdict.REJECTED, "材料不全", null), report(100))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class CalendarPeriods {

        private final LocalDate due = LocalDate.of(2017, 10, 31);

        @Test
        void aQuarterlyReportIsDueByTheEndOfTheCalendarQuarter() {
            // the seed's measure 1 (每季度), imported on 2016-03-25: a report is due for 2016Q1
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .when(assign(due, Recurrence.QUARTERLY, null, null))
                   .expectEvents(assigned(due, Recurrence.QUARTERLY, null, List.of(7, 1)))
                   .expectScheduledDeadline(at(2016, 3, 25, 10),
                                            new MeasureDeadlines.Reminder(Obligation.PERIODIC_REPORT, "2016Q1", MARCH_31,
                                                                          7, 0))
                   .expectScheduledDeadlineWithName(justAfter(MARCH_31).minusSeconds(1), MeasureDeadlines.PERIOD_END);
        }

        @Test
        void aQuarterWithoutAReportIsRecordedOnceNamingItAndUrged() {
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .andGivenCommands(assign(due, Recurrence.QUARTERLY, null, null))
                   .whenThenTimeAdvancesTo(at(2016, 4, 1, 9))
                   .expectEvents(reminded(Obligation.PERIODIC_REPORT, "2016Q1", MARCH_31, 7),
                                 reminded(Obligation.PERIODIC_REPORT, "2016Q1", MARCH_31, 1),
                                 new ReportPeriodMissed(ID, "2016Q1", MARCH_31, 1, 0),
                                 new MeasureUrged(ID, Obligation.PERIODIC_REPORT, "2016Q1", MARCH_31))
                   .expectScheduledDeadlineWithName(justAfter(LocalDate.of(2016, 6, 30)).minusSeconds(1),
                                                    MeasureDeadlines.PERIOD_END);
        }

        @Test
        void aReportInTheQuarterEndsItsReminders() {
            fixture.givenCurrentTime(at(2016, 3, 2, 10))
                   .andGivenCommands(assign(due, Recurrence.QUARTERLY, null, null), plan(), report(10))
                   .whenThenTimeAdvancesTo(at(2016, 3, 31, 9))
                   .expectNoEvents();
        }

        @Test
        void aQuarterWithAReportIsNotMissed() {
            fixture.givenCurrentTime(at(2016, 3, 2, 10))
                   .andGivenCommands(assign(due, Recurrence.QUARTERLY, null, null), plan(), report(10))
                   .whenThenTimeAdvancesTo(at(2016, 4, 1, 9))
                   .expectNoEvents();
        }

        @Test
        void aYearOfQuartersAcrossTheYearBoundaryRecordsEachMissedQuarterOnce() {
            // assigned in the third quarter with its report, then silence until 2017's first quarter has ended
            fixture.givenCurrentTime(at(2016, 7, 10, 10))
                   .andGivenCommands(assign(due, Recurrence.QUARTERLY, null, null), plan(), report(10))
                   .whenThenTimeAdvancesTo(at(2017, 4, 1, 9))
                   .expectEventsMatching(only(ReportPeriodMissed.class, ReportPeriodMissed::period,
                                              List.of("2016Q4", "2017Q1")))
                   .expectEventsMatching(only(MeasureReminded.class, MeasureReminded::item,
                                              List.of("2016Q4", "2016Q4", "2017Q1", "2017Q1")))
                   .expectEventsMatching(only(MeasureEscalated.class, MeasureEscalated::notes,
                                              List.of("no report for 2016Q4; urging did not help",
                                                      "escalation of level 1 unresolved for 14 days",
                                                      "escalation of level 2 unresolved for 14 days")));
        }

        @Test
        void atLeastTwiceAYearIsACountCheckedAtTheYearsEnd() {
            LocalDate december31 = LocalDate.of(2016, 12, 31);
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .andGivenCommands(assign(due, Recurrence.TIMES_PER_YEAR, 2, null), plan(), report(10))
                   .whenThenTimeAdvancesTo(at(2017, 1, 1, 9))
                   .expectEvents(reminded(Obligation.PERIODIC_REPORT, "2016", december31, 7),
                                 reminded(Obligation.PERIODIC_REPORT, "2016", december31, 1),
                                 new ReportPeriodMissed(ID, "2016", december31, 2, 1),
                                 new MeasureEscalated(ID, 1, EscalationReason.MISSED_REPORT,
                                                      "1 of at least 2 reports in 2016"))
                   .expectScheduledDeadlineWithName(justAfter(LocalDate.of(2017, 12, 31)).minusSeconds(1),
                                                    MeasureDeadlines.PERIOD_END);
        }

        @Test
        void enoughReportsInTheYearAreNeitherRemindedNorEscalated() {
            fixture.givenCurrentTime(at(2016, 3, 25, 10))
                   .andGivenCommands(assign(due, Recurrence.TIMES_PER_YEAR, 2, null), plan(), report(10), report(20))
                   .whenThenTimeAdvancesTo(at(2017, 1, 1, 9))
                   .expectNoEvents();
        }

        @Test
        void aYearlyCountNeedsItsNumber() {
            fixture.givenNoPriorActivity()
                   .when(assign(due, Recurrence.TIMES_PER_YEAR, null, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void aNumberGoesOnlyWithAYearlyCount() {
            fixture.givenNoPriorActivity()
                   .when(assign(due, Recurrence.QUARTERLY, 2, null))
                   .expectNoEvents()
                   .expectException(rejected(CommandRejection.Kind.INVALID));
        }

        @Test
        void verificationEndsThePeriods() {
            fixture.givenCurrentTime(at(2016, 3, 2, 10))
                   .andGivenCommands(assign(due, Recurrence.QUARTERLY, null, null), plan(), report(100))
                   .when(new VerifyMeasure(ID, Verdict.PASSED, null, null))
                   .expectNoScheduledDeadlines();
        }

        @Test
        void quartersMonthsHalfYearsAndYearsAreCalendarPeriods() {
            LocalDate day = LocalDate.of(2016, 5, 17);
            org.assertj.core.api.Assertions.assertThat(List.of(
                    CalendarPeriod.containing(Recurrence.QUARTERLY, day),
                    CalendarPeriod.containing(Recurrence.MONTHLY, day),
                    CalendarPeriod.containing(Recurrence.SEMIANNUAL, day),
                    CalendarPeriod.containing(Recurrence.TIMES_PER_YEAR, day),
                    CalendarPeriod.containing(Recurrence.QUARTERLY, LocalDate.of(2016, 12, 31)).next(Recurrence.QUARTERLY)))
                    .containsExactly(
                            new CalendarPeriod("2016Q2", LocalDate.of(2016, 4, 1), LocalDate.of(2016, 6, 30)),
                            new CalendarPeriod("2016-05", LocalDate.of(2016, 5, 1), LocalDate.of(2016, 5, 31)),
                            new CalendarPeriod("2016H1", LocalDate.of(2016, 1, 1), LocalDate.of(2016, 6, 30)),
                            new CalendarPeriod("2016", LocalDate.of(2016, 1, 1), LocalDate.of(2016, 12, 31)),
                            new CalendarPeriod("2017Q1", LocalDate.of(2017, 1, 1), MARCH_31.plusYears(1)));
        }
    }
}
