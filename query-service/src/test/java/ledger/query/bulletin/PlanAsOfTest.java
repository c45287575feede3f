package ledger.query.bulletin;

import ledger.messages.measure.MeasureStatus;
import ledger.messages.measure.Urgency;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanAsOfTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static PlanEvents history() {
        return new PlanEvents().plan("2016-01-16T02:00:00Z")
                .assigned(1, "2016-01-16T02:00:00Z", List.of("朱小丹"), List.of("省政府办公厅"), "2016-10-31")
                .assigned(2, "2016-01-16T02:00:00Z", List.of("朱小丹", "李锋"), List.of("省政府办公厅", "省财政厅"), "2016-06-30")
                .assigned(3, "2016-01-16T02:00:00Z", List.of("李锋"), List.of("省财政厅"), "2016-10-31")
                .plan(1, 1, "2016-03-01T02:00:00Z")
                .report(1, 2, "2016-03-02T02:00:00Z", 40, "完成清理")
                .report(1, 3, "2016-11-10T02:00:00Z", 100, "全部完成")
                .verified(1, 4, "2016-11-12T02:00:00Z")
                .escalated(3, 1, "2016-11-01T00:00:00Z", 1);
    }

    static PlanSnapshot snapshot(String asOf, boolean keepEvents) {
        Instant instant = Instant.parse(asOf);
        PlanAsOf fold = new PlanAsOf(instant, ZONE, keepEvents);
        history().byAggregate().forEach(fold);
        List<MeasureAsOf> measures = fold.measures().stream()
                .map(m -> new MeasureAsOf(PlanSnapshots.withUrgency(m.view(), Urgency.NONE), m.latestReport(),
                                          m.verifiedAt(), m.verifiedEventId(), m.eventIds())).toList();
        return new PlanSnapshot(PlanEvents.PLAN, fold.plan(), instant, instant.atZone(ZONE).toLocalDate(), 99,
                                "d".repeat(64), measures, fold.events());
    }

    @Test
    void eachMeasureIsItsEventsUpToTheInstantAndNothingAfter() {
        PlanSnapshot march = snapshot("2016-03-05T00:00:00Z", true);
        MeasureAsOf first = march.measures().get(0);
        assertThat(first.view().status()).isEqualTo(MeasureStatus.IN_PROGRESS);
        assertThat(first.view().percentComplete()).isEqualTo(40);
        assertThat(first.view().version()).isEqualTo(2);
        assertThat(first.eventIds()).containsExactly("e2", "e5", "e6");
        assertThat(first.latestReport().summary()).isEqualTo("完成清理");
        assertThat(first.latestReport().eventId()).isEqualTo("e6");
        assertThat(first.verifiedAt()).isNull();
        assertThat(march.plan().title()).isEqualTo("测试方案");
        // kept in ledger order: the registration, three assignments, the plan and the report
        assertThat(march.events()).extracting(PlanEvent::eventId).containsExactly("e1", "e2", "e3", "e4", "e5", "e6");

        PlanSnapshot december = snapshot("2016-12-01T00:00:00Z", false);
        MeasureAsOf done = december.measures().get(0);
        assertThat(done.view().status()).isEqualTo(MeasureStatus.VERIFIED);
        assertThat(done.verifiedAt()).isEqualTo(Instant.parse("2016-11-12T02:00:00Z"));
        assertThat(done.verifiedEventId()).isEqualTo("e8");
        assertThat(december.events()).isEmpty();   // not asked for
        assertThat(december.measures().get(2).view().escalationLevel()).isEqualTo(1);
    }

    @Test
    void beforeItsAssignmentAMeasureIsNotThere() {
        PlanAsOf fold = new PlanAsOf(Instant.parse("2016-01-01T00:00:00Z"), ZONE, true);
        history().byAggregate().forEach(fold);
        assertThat(fold.measures()).isEmpty();
        assertThat(fold.plan()).isNull();
    }

    @Test
    void overdueAndDaysOverdueAreCountedFromTheInstantsDay() {
        PlanSnapshot s = snapshot("2016-11-01T00:00:00Z", false);
        LocalDate day = s.day();
        assertThat(day).isEqualTo(LocalDate.of(2016, 11, 1));   // 08:00 in Guangdong
        assertThat(s.measures()).extracting(m -> m.daysOverdueOn(day)).containsExactly(1L, 124L, 1L);
        assertThat(snapshot("2016-10-31T15:59:59Z", false).measures().get(0).overdueOn(LocalDate.of(2016, 10, 31)))
                .isFalse();
    }

    @Test
    void aLeadUnitsSnapshotHoldsItsMeasuresAndTheirEventsOnly() {
        PlanSnapshot finance = snapshot("2016-12-01T00:00:00Z", true).ofUnit("省财政厅");
        assertThat(finance.measures()).extracting(m -> m.view().number()).containsExactly(2, 3);
        assertThat(finance.events()).extracting(PlanEvent::aggregateId).containsOnly("p-2", "p-3");
    }

    @Test
    void aRegisterStopsReadingOnceItWouldHoldMoreEventsThanAllowed() {
        PlanAsOf fold = new PlanAsOf(Instant.parse("2016-12-01T00:00:00Z"), ZONE, true).limitEvents(5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> history().byAggregate().forEach(fold))
                .isInstanceOf(PlanAsOf.TooManyEventsException.class).hasMessageContaining("5 events");
        PlanAsOf ids = new PlanAsOf(Instant.parse("2016-12-01T00:00:00Z"), ZONE, false, false).limitEvents(5);
        history().byAggregate().forEach(ids);
        assertThat(ids.measures().get(0).eventIds()).isEmpty();   // the status at an instant names none
    }
}
