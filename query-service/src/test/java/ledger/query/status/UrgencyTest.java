package ledger.query.status;

import ledger.messages.measure.ImplementationPlanSubmitted;
import ledger.messages.measure.MeasureAssigned;
import ledger.messages.measure.MeasureVerified;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ProgressReported;
import ledger.messages.measure.Urgency;
import ledger.messages.query.FindMeasure;
import ledger.query.support.QueryServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Urgency on {@link #TODAY} (2016-09-01 in Guangdong), with the default BLUE window of 7 days:
 * RED overdue, YELLOW behind schedule, BLUE due soon, NONE otherwise and once verified.
 */
class UrgencyTest extends QueryServiceTest {

    @Autowired
    private MeasureStatusProjection projection;
    @Autowired
    private MeasureStatusQueries queries;

    private String assign(Instant assignedAt, LocalDate due) {
        String id = freshPlanId() + "-1";
        projection.on(new MeasureAssigned(id, id.substring(0, id.lastIndexOf('-')), 1, null, 1, "措施", null,
                                          List.of("朱小丹"), List.of("省政府办公厅"), due, null, null), 0, assignedAt, null);
        return id;
    }

    private Urgency urgency(String id) {
        return queries.handle(new FindMeasure(id)).orElseThrow().urgency();
    }

    @Test
    void dueWithinTheWindowIsBlue() {
        String id = assign(TODAY, LocalDate.of(2016, 9, 5));
        assertThat(urgency(id)).isEqualTo(Urgency.BLUE);
    }

    @Test
    void dueLaterAndOnScheduleIsNone() {
        String id = assign(TODAY, LocalDate.of(2016, 12, 31));
        assertThat(urgency(id)).isEqualTo(Urgency.NONE);
    }

    @Test
    void pastTheDueDateIsRed() {
        String id = assign(Instant.parse("2016-03-01T00:00:00Z"), LocalDate.of(2016, 8, 31));
        assertThat(urgency(id)).isEqualTo(Urgency.RED);
    }

    @Test
    void progressBelowTheShareOfTimeGoneIsYellow() {
        // assigned 2016-07-01, due 2016-10-30: half the time is gone, 30 % done
        String id = assign(Instant.parse("2016-06-30T16:00:00Z"), LocalDate.of(2016, 10, 30));
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, TODAY, null);
        projection.on(new ProgressReported(id, 30, "进展", List.of(), null), 2, TODAY, null);
        assertThat(urgency(id)).isEqualTo(Urgency.YELLOW);
        projection.on(new ProgressReported(id, 60, "进展", List.of(), null), 3, TODAY, null);
        assertThat(urgency(id)).isEqualTo(Urgency.NONE);
    }

    @Test
    void aMilestonePassedUnmetIsYellowUntilItIsReportedMet() {
        String id = assign(Instant.parse("2016-08-20T00:00:00Z"), LocalDate.of(2016, 12, 31));
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(
                new Milestone("出台意见", LocalDate.of(2016, 8, 25)), new Milestone("全面实施", LocalDate.of(2016, 11, 30))),
                                                      List.of()), 1, TODAY, null);
        projection.on(new ProgressReported(id, 90, "进展", List.of(), null), 2, TODAY, null);
        assertThat(queries.handle(new FindMeasure(id)).orElseThrow().nextMilestoneDue())
                .isEqualTo(LocalDate.of(2016, 8, 25));
        assertThat(urgency(id)).isEqualTo(Urgency.YELLOW);

        projection.on(new ProgressReported(id, 90, "意见已出台", List.of(), "出台意见"), 3, TODAY, null);
        assertThat(queries.handle(new FindMeasure(id)).orElseThrow().nextMilestoneDue())
                .isEqualTo(LocalDate.of(2016, 11, 30));
        assertThat(urgency(id)).isEqualTo(Urgency.NONE);
    }

    @Test
    void aVerifiedMeasureIsNeverUrgent() {
        String id = assign(Instant.parse("2016-03-01T00:00:00Z"), LocalDate.of(2016, 8, 31));
        projection.on(new ImplementationPlanSubmitted(id, "方案", List.of(), List.of()), 1, TODAY, null);
        projection.on(new ProgressReported(id, 100, "完成", List.of(), null), 2, TODAY, null);
        projection.on(new MeasureVerified(id, "通过"), 3, TODAY, null);
        assertThat(urgency(id)).isEqualTo(Urgency.NONE);
    }
}
