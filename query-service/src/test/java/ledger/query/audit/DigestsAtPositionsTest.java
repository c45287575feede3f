package ledger.query.audit;

import ledger.messages.eventstore.ChainWalk;
import ledger.messages.eventstore.EventChain;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The digests at many positions in one walk equal the digest computed position by position. */
class DigestsAtPositionsTest {

    private record Row(long position, EventChain.StoredEvent event) {
    }

    @Test
    void oneWalkGivesEachPositionsDigest() {
        Random random = new Random(17);
        List<Row> rows = new ArrayList<>();
        long[] sequences = new long[7];
        for (long position = 1; position <= 120; position += 1 + random.nextInt(2)) {
            int aggregate = random.nextInt(sequences.length);
            String id = aggregate % 2 == 0 ? "m-" + aggregate : "plan:p-" + aggregate;
            rows.add(new Row(position, new EventChain.StoredEvent(
                    "Measure", id, sequences[aggregate]++, "e-" + position, "2026-11-29T00:00:00Z", "ProgressReported",
                    "2", ("{\"n\":" + position + "}").getBytes(StandardCharsets.UTF_8),
                    "{\"actorId\":\"a\"}".getBytes(StandardCharsets.UTF_8))));
        }
        List<Row> byAggregate = rows.stream()
                                    .sorted(Comparator.comparing((Row r) -> r.event().aggregateId())
                                                      .thenComparingLong(r -> r.event().sequence()))
                                    .toList();
        long[] positions = {1, 2, 5, 17, 18, 60, 99, 119, 120, 500};
        DigestsAtPositions walk = new DigestsAtPositions(positions);
        byAggregate.forEach(r -> walk.accept(r.position(), r.event()));
        var digests = walk.finish();
        for (long position : positions) {
            ChainWalk one = new ChainWalk();
            byAggregate.stream().filter(r -> r.position() <= position).forEach(r -> one.accept(r.position(), r.event()));
            assertThat(digests.get(position)).as("at " + position).isEqualTo(one.digest());
        }
    }
}
