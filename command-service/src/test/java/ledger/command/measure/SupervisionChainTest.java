package ledger.command.measure;

import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.Obligation;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.ReportPeriodMissed;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The office's chain as functions: given the measure as it stands and the deadline that fell, the
 * steps that follow. (The Measure running them, deadline by deadline: SupervisionWorkflowTest.)
 */
class SupervisionChainTest {

    private static final String ID = "gd-2016-2";
    private static final LocalDate DUE = LocalDate.of(2016, 10, 31);
    private static final DeadlinePolicy POLICY = new DeadlinePolicy(
            ZoneId.of("Asia/Shanghai"), Duration.ofDays(14), Clock.fixed(Instant.parse("2016-04-01T00:00:00Z"),
                                                                         ZoneId.of("Asia/Shanghai")));

    private static SupervisionChain.State measure(MeasureStatus status, boolean ready, int level, Recurrence recurrence,
                                                  int timesPerYear, int reports) {
        return new SupervisionChain.State(ID, status, DUE, level, ready,
                                          List.of(new Milestone("清理", LocalDate.of(2016, 6, 30))), Set.of(),
                                          recurrence, timesPerYear, null, reports, Set.of());
    }

    private static SupervisionChain.State inProgress() {
        return measure(MeasureStatus.IN_PROGRESS, false, 0, null, 0, 1);
    }

    @Test
    void aPassedDueDateIsUrgedAndFollowedUp() {
        assertThat(SupervisionChain.decide(inProgress(), new MeasureDeadlines.DueDatePassed(DUE), POLICY))
                .containsExactly(new SupervisionChain.Record(new MeasureUrged(ID, Obligation.DUE_DATE, null, DUE)),
                                 new SupervisionChain.AfterUrging(MeasureDeadlines.OVERDUE,
                                                                  new MeasureDeadlines.OverdueUrged(DUE)));
    }

    @Test
    void aDueDateSinceExtendedOrAMeasureAwaitingVerificationIsNotChased() {
        assertThat(SupervisionChain.decide(inProgress(), new MeasureDeadlines.DueDatePassed(DUE.minusDays(30)), POLICY))
                .isEmpty();
        assertThat(SupervisionChain.decide(measure(MeasureStatus.IN_PROGRESS, true, 0, null, 0, 1),
                                           new MeasureDeadlines.OverdueUrged(DUE), POLICY)).isEmpty();
    }

    @Test
    void aVerifiedMeasureIsChasedNoMore() {
        SupervisionChain.State verified = measure(MeasureStatus.VERIFIED, true, 1, Recurrence.QUARTERLY, 0, 0);
        assertThat(SupervisionChain.decide(verified, new MeasureDeadlines.DueDatePassed(DUE), POLICY)).isEmpty();
        assertThat(SupervisionChain.decide(verified, new MeasureDeadlines.EscalationUnresolved(1), POLICY)).isEmpty();
        assertThat(SupervisionChain.decide(verified, new MeasureDeadlines.PeriodEnds(
                "2016Q1", LocalDate.of(2016, 1, 1), LocalDate.of(2016, 3, 31), 0), POLICY)).isEmpty();
    }

    @Test
    void aYearWithTooFewReportsIsRecordedEscalatedAtOnceAndTheNextYearBegins() {
        SupervisionChain.State twiceAYear = measure(MeasureStatus.IN_PROGRESS, false, 0, Recurrence.TIMES_PER_YEAR, 2, 1);
        var year = new MeasureDeadlines.PeriodEnds("2016", LocalDate.of(2016, 1, 1), LocalDate.of(2016, 12, 31), 0);

        assertThat(SupervisionChain.decide(twiceAYear, year, POLICY)).containsExactly(
                new SupervisionChain.Record(new ReportPeriodMissed(ID, "2016", LocalDate.of(2016, 12, 31), 2, 1)),
                new SupervisionChain.Escalate(EscalationReason.MISSED_REPORT, "1 of at least 2 reports in 2016"),
                new SupervisionChain.OpenPeriod(new CalendarPeriod("2017", LocalDate.of(2017, 1, 1),
                                                                   LocalDate.of(2017, 12, 31)), List.of(7, 1), 1));
    }

    @Test
    void aReminderGoesOutOnlyWhileWhatItRemindsOfIsDue() {
        var milestone = new MeasureDeadlines.Reminder(Obligation.MILESTONE, "清理", LocalDate.of(2016, 6, 30), 7, 0);
        var replaced = new MeasureDeadlines.Reminder(Obligation.MILESTONE, "清理", LocalDate.of(2016, 5, 31), 7, 0);

        assertThat(SupervisionChain.decide(inProgress(), milestone, POLICY)).containsExactly(new SupervisionChain.Record(
                new MeasureReminded(ID, Obligation.MILESTONE, "清理", LocalDate.of(2016, 6, 30), 7)));
        assertThat(SupervisionChain.decide(inProgress(), replaced, POLICY)).as("not in the current plan").isEmpty();
    }

    @Test
    void anUnresolvedEscalationGoesUpSayingForHowLong() {
        assertThat(SupervisionChain.decide(measure(MeasureStatus.IN_PROGRESS, false, 2, null, 0, 1),
                                           new MeasureDeadlines.EscalationUnresolved(2), POLICY))
                .containsExactly(new SupervisionChain.Escalate(EscalationReason.OVERDUE,
                                                               "escalation of level 2 unresolved for 14 days"));
        assertThat(SupervisionChain.decide(inProgress(), new MeasureDeadlines.EscalationUnresolved(1), POLICY))
                .as("resolved meanwhile").isEmpty();
    }
}
