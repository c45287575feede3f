package ledger.query.bulletin;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BulletinBuilderTest {

    @Test
    void overdueMeasuresAreGroupedByLeadUnitTheLargestGroupFirstTheLongestOverdueFirst() {
        Bulletin b = BulletinBuilder.build(PlanAsOfTest.snapshot("2016-11-01T00:00:00Z", false), null);
        assertThat(b.counts()).isEqualTo(new Bulletin.Counts(3, 0, 1, 2, 3, 1));
        assertThat(b.overdue()).extracting(Bulletin.OverdueGroup::leadUnit).containsExactly("省政府办公厅", "省财政厅");
        // measure 2 (due 2016-06-30) is longer overdue than measure 1
        assertThat(b.overdue().get(0).measures()).extracting(Bulletin.Overdue::number).containsExactly(2, 1);
        assertThat(b.overdue().get(1).measures()).extracting(Bulletin.Overdue::number).containsExactly(2, 3);
        Bulletin.Overdue first = b.overdue().get(0).measures().get(1);
        assertThat(first.latestReport().percentComplete()).isEqualTo(40);
        assertThat(first.eventIds()).containsExactly("e2", "e5", "e6");
        assertThat(b.ledger().verify()).isEqualTo("/api/v1/audit/digest/verify?position=99&digest=" + "d".repeat(64));
        assertThat(b.verifiedSince()).isNull();
    }

    @Test
    void leadersAndUnitsHaveARowEachAMeasureWithTwoCountingUnderBoth() {
        Bulletin b = BulletinBuilder.build(PlanAsOfTest.snapshot("2016-11-01T00:00:00Z", false), null);
        assertThat(b.byLeader()).extracting(Bulletin.Group::name, Bulletin.Group::total)
                                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("朱小丹", 2L),
                                                           org.assertj.core.groups.Tuple.tuple("李锋", 2L));
        assertThat(b.byUnit()).extracting(Bulletin.Group::measures)
                              .containsExactlyInAnyOrder(java.util.List.of(1, 2), java.util.List.of(2, 3));
    }

    @Test
    void verifiedSinceListsOnlyWhatWasVerifiedAfterThePreviousBulletin() {
        var december = PlanAsOfTest.snapshot("2016-12-01T00:00:00Z", false);
        Bulletin b = BulletinBuilder.build(december, Instant.parse("2016-11-01T00:00:00Z"));
        assertThat(b.verifiedSince()).extracting(Bulletin.Verified::number).containsExactly(1);
        assertThat(b.verifiedSince().get(0).eventId()).isEqualTo("e8");
        assertThat(BulletinBuilder.build(december, Instant.parse("2016-11-12T02:00:00Z")).verifiedSince()).isEmpty();
        assertThat(b.counts().verified()).isEqualTo(1);
        assertThat(b.counts().overdue()).isEqualTo(2);
    }
}
