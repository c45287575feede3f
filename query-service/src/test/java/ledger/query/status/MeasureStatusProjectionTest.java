package ledger.query.status;

import ledger.messages.measure.DueDateExtended;
import ledger.messages.measure.EscalationReason;
import ledger.messages.measure.EscalationResolved;
import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureEscalated;
import ledger.messages.measure.MeasureReminded;
import ledger.messages.measure.MeasureUrged;
import ledger.messages.measure.Obligation;
import ledger.messages.measure.ReportPeriodMissed;
import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Recurrence;
import ledger.messages.measure.Urgency;
import ledger.messages.measure.VerificationRejected;
import ledger.messages.query.FindMeasure;
import ledger.messages.query.GetLeaderDashboard;
import ledger.messages.query.GetUnitDashboard;
import ledger.messages.query.MeasureView;
import ledger.query.support.QueryServiceTest;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status view, event type by event type, and what a redelivered event does (nothing). */
class MeasureStatusProjectionTest extends QueryServiceTest {

    private static final Instant T0 = Instant.parse("2016-02-01T08:00:00Z");

    @Autowired
    private MeasureStatusProjection projection;
    @Autowired
    private MeasureStatusQueries queries;
    @Autowired
    private StatusRows rows;
    @Autowired
    private ledger.query.dashboard.DashboardQueries dashboards;

    private String id;

    @BeforeEach
    void assignAMeasure() {
        String planId = freshPlanId();
        id = planId + "-18";
        projection.on(new MeasureAssigned(id, planId, 3, "财政体制", 18, "深化财政改革", "全文",
                                          List.of("朱小丹", "徐少华"), List.of("省编办", "省财政厅"),
                                          LocalDate.of(2016, 10, 31), Recurrence.QUARTERLY, null), 0, T0, null);
    }

    private MeasureView view() {
        return queries.handle(new FindMeasure(id)).orElseThrow();
    }

    @Test
    void eachRowKeepsTheGlobalPositionOfTheEventThatLastChangedIt() {
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0,
                      GapAwareTrackingToken.newInstance(41, List.of()));
        assertThat(lastPosition()).isEqualTo(41);
        projection.on(new ProgressReported(id, 30, "进展", List.of(), null), 2, T0,
                      GapAwareTrackingToken.newInstance(57, List.of(50L)));
        assertThat(lastPosition()).isEqualTo(57);
        // redelivered: the row stays as it was, position included
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0,
                      GapAwareTrackingToken.newInstance(41, List.of()));
        assertThat(lastPosition()).isEqualTo(57);
        assertThat(rows.changed(List.of(view().planId()), 41, 57)).singleElement()
                .satisfies(change -> {
                    assertThat(change.position()).isEqualTo(57);
                    assertThat(change.measure().percentComplete()).isEqualTo(30);
                });
        assertThat(rows.changed(List.of(view().planId()), 57, 100)).isEmpty();
        assertThat(rows.changed(List.of("another-plan"), 0, 100)).isEmpty();
    }

    private long lastPosition() {
        return jdbc.queryForObject("SELECT last_position FROM query_view.measure_status WHERE measure_id = ?",
                                   Long.class, id);
    }

    @Test
    void measureAssignedCreatesTheRowWithEverythingTheViewShows() {
        MeasureView view = view();
        assertThat(view.planId()).isEqualTo(id.substring(0, id.lastIndexOf('-')));
        assertThat(view.section()).isEqualTo(3);
        assertThat(view.sectionTitle()).isEqualTo("财政体制");
        assertThat(view.number()).isEqualTo(18);
        assertThat(view.title()).isEqualTo("深化财政改革");
        assertThat(view.leaders()).containsExactly("朱小丹", "徐少华");
        assertThat(view.leadUnits()).containsExactly("省编办", "省财政厅");
        assertThat(view.status()).isEqualTo(MeasureStatus.ASSIGNED);
        assertThat(view.percentComplete()).isZero();
        assertThat(view.dueDate()).isEqualTo(LocalDate.of(2016, 10, 31));
        assertThat(view.recurrence()).isEqualTo(Recurrence.QUARTERLY);
        // assigned 2016-02-01, nothing done by 2016-09-01 (TODAY) with 78 % of the time gone
        assertThat(view.urgency()).isEqualTo(Urgency.YELLOW);
        assertThat(view.assignedOn()).isEqualTo(LocalDate.of(2016, 2, 1));
        assertThat(view.escalationLevel()).isZero();
        assertThat(view.version()).isZero();
        assertThat(view.lastChangedAt()).isEqualTo(T0);
    }

    @Test
    void implementationPlanSubmittedMovesAnAssignedMeasureOn() {
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0.plusSeconds(60), null);
        assertThat(view().status()).isEqualTo(MeasureStatus.PLAN_SUBMITTED);
        assertThat(view().version()).isEqualTo(1);
        assertThat(view().lastChangedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aResubmittedPlanLeavesAMeasureInProgress() {
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0, null);
        projection.on(new ProgressReported(id, 30, "进展", List.of(), null), 2, T0, null);
        projection.on(new ImplementationPlanSubmitted(id, "新方案", List.of(), List.of()), 3, T0, null);
        assertThat(view().status()).isEqualTo(MeasureStatus.IN_PROGRESS);
        assertThat(view().version()).isEqualTo(3);
    }

    @Test
    void progressReportedSetsStatusAndPercent() {
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0, null);
        projection.on(new ProgressReported(id, 45, "进展", List.of("doc"), null), 2, T0, null);
        assertThat(view().status()).isEqualTo(MeasureStatus.IN_PROGRESS);
        assertThat(view().percentComplete()).isEqualTo(45);
    }

    @Test
    void measureVerifiedClosesItOut() {
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0, null);
        projection.on(new ProgressReported(id, 100, "完成", List.of(), null), 2, T0, null);
        projection.on(new MeasureVerified(id, "通过"), 3, T0, null);
        assertThat(view().status()).isEqualTo(MeasureStatus.VERIFIED);
        assertThat(view().percentComplete()).isEqualTo(100);
    }

    @Test
    void verificationRejectedKeepsItInProgress() {
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0, null);
        projection.on(new ProgressReported(id, 100, "完成", List.of(), null), 2, T0, null);
        projection.on(new VerificationRejected(id, "证据不足"), 3, T0, null);
        assertThat(view().status()).isEqualTo(MeasureStatus.IN_PROGRESS);
        assertThat(view().version()).isEqualTo(3);
    }

    @Test
    void escalationsRaiseTheLevelAndResolutionClearsIt() {
        projection.on(new MeasureEscalated(id, 1, EscalationReason.OVERDUE, null), 1, T0, null);
        projection.on(new MeasureEscalated(id, 2, EscalationReason.OVERDUE, null), 2, T0, null);
        assertThat(view().escalationLevel()).isEqualTo(2);
        projection.on(new EscalationResolved(id, 2, "已整改"), 3, T0, null);
        assertThat(view().escalationLevel()).isZero();
    }

    @Test
    void dueDateExtendedMovesTheDueDate() {
        projection.on(new DueDateExtended(id, LocalDate.of(2016, 10, 31), LocalDate.of(2016, 12, 31), "延期"), 1, T0, null);
        assertThat(view().dueDate()).isEqualTo(LocalDate.of(2016, 12, 31));
    }

    @Test
    void anEventDeliveredTwiceChangesNothing() {
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0, null);
        ProgressReported forty = new ProgressReported(id, 40, "进展", List.of(), null);
        projection.on(forty, 2, T0.plusSeconds(1), null);
        projection.on(new ProgressReported(id, 60, "进展", List.of(), null), 3, T0.plusSeconds(2), null);
        MeasureView before = view();

        projection.on(forty, 2, T0.plusSeconds(1), null);
        projection.on(new MeasureAssigned(id, "other", 9, null, 9, "另一个", null, List.of("x"), List.of("y"),
                                          LocalDate.of(2017, 1, 1), null, null), 0, T0, null);

        assertThat(view()).isEqualTo(before);
        assertThat(before.percentComplete()).isEqualTo(60);
        assertThat(before.version()).isEqualTo(3);
    }

    @Test
    void theEventsOfABatchAreFoldedInOrderAndWrittenWhenItCommits() {
        var batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0.plusSeconds(60), null);
        projection.on(new ProgressReported(id, 40, "进展", List.of(), null), 2, T0.plusSeconds(120), null);
        assertThat(view().version()).isZero();
        batch.commit();

        assertThat(view().version()).isEqualTo(2);
        assertThat(view().status()).isEqualTo(MeasureStatus.IN_PROGRESS);
        assertThat(view().percentComplete()).isEqualTo(40);
        assertThat(view().lastChangedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aBatchRolledBackWritesNothingAndTheNextBatchFoldsFromTheStoredRow() {
        var rolledBack = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0.plusSeconds(60), null);
        rolledBack.rollback();
        assertThat(view().version()).isZero();

        var retried = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, T0.plusSeconds(60), null);
        retried.commit();
        var next = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(new ProgressReported(id, 55, "进展", List.of(), null), 2, T0.plusSeconds(120), null);
        next.commit();
        assertThat(view().status()).isEqualTo(MeasureStatus.IN_PROGRESS);
        assertThat(view().percentComplete()).isEqualTo(55);
        assertThat(view().version()).isEqualTo(2);
    }

    @Test
    void remindersUrgingsAndEscalationsAreCountedAndTheRedeliveredOnesNot() {
        projection.on(new MeasureReminded(id, Obligation.PERIODIC_REPORT, "2016Q1", LocalDate.of(2016, 3, 31), 7), 1,
                      T0.plusSeconds(60), null);
        projection.on(new MeasureReminded(id, Obligation.PERIODIC_REPORT, "2016Q1", LocalDate.of(2016, 3, 31), 1), 2,
                      T0.plusSeconds(120), null);
        projection.on(new ReportPeriodMissed(id, "2016Q1", LocalDate.of(2016, 3, 31), 1, 0), 3, T0.plusSeconds(180),
                      null);
        projection.on(new MeasureUrged(id, Obligation.PERIODIC_REPORT, "2016Q1", LocalDate.of(2016, 3, 31)), 4,
                      T0.plusSeconds(180), null);
        projection.on(new MeasureEscalated(id, 1, EscalationReason.MISSED_REPORT, "no report"), 5, T0.plusSeconds(240),
                      null);
        projection.on(new MeasureUrged(id, Obligation.PERIODIC_REPORT, "2016Q1", LocalDate.of(2016, 3, 31)), 4,
                      T0.plusSeconds(180), null);   // redelivered
        MeasureView view = view();
        assertThat(List.of(view.reminders(), view.urgings(), view.escalations())).containsExactly(2, 1, 1);
        assertThat(view.version()).isEqualTo(5);
        // the projection takes the event's time, not its own
        assertThat(view.lastChangedAt()).isEqualTo(T0.plusSeconds(240));
        var units = dashboards.handle(new GetUnitDashboard(view.planId())).rows();
        assertThat(units).extracting(row -> row.name() + " " + row.reminders() + "/" + row.urgings() + "/"
                                            + row.escalations())
                         .containsExactly("省编办 2/1/1", "省财政厅 2/1/1");
        assertThat(dashboards.handle(new GetLeaderDashboard(view.planId())).rows())
                .extracting(row -> row.reminders() + "/" + row.urgings() + "/" + row.escalations())
                .containsExactly("2/1/1", "2/1/1");
    }
}
