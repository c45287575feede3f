package ledger.query.stream;

import ledger.query.stream.api.OpenStreams;
import ledger.query.support.QueryServiceTest;
import ledger.testing.EventStreamClient;
import ledger.testing.EventStreamClient.Event;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RecordingSseClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that cannot keep up has its pending changes merged (OpenStreams): a measure changed
 * twice while its writer waited is written once, as it now is, with the later position, in one
 * write with the rest of what piled up; a client that keeps up gets every change.
 */
class SlowClientMergingTest extends QueryServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private OpenStreams streams;
    @Autowired
    private StatusViewFrontier frontier;

    @Test
    void aMeasureChangedTwiceWhileTheClientsWriterWaitsIsWrittenOnceAsItNowIs() throws Exception {
        PlanOfTwo two = PlanOfTwo.assigned(events, freshPlanId());
        String m = two.first();
        String n = two.second();
        // both rows in the view before the streams open: every update after is a change of this test
        await().atMost(WAIT).until(() -> frontier.current() >= two.assigned());
        Duration lifetime = Duration.ofMinutes(5);
        RecordingSseClient slow = RecordingSseClient.connect(streams.open(two.plan(), null, lifetime, null));
        RecordingSseClient fast = RecordingSseClient.connect(streams.open(two.plan(), null, lifetime, null));
        try {
            assertThat(names(slow)).as("the initial answer").startsWith("summary", "ready");

            // the slow client's writer is stuck in a write (its socket full)...
            slow.hold();
            long first = events.reported(n, 10);
            await().atMost(WAIT).until(() -> has(fast, n, first) && slow.writerWaiting());
            // ...while m changes twice, in two rounds of the feed (the fast client gets each)...
            long second = events.reported(m, 20);
            await().atMost(WAIT).until(() -> has(fast, m, second));
            long third = events.reported(m, 30);
            await().atMost(WAIT).until(() -> has(fast, m, third));
            // ...and n once more: once the fast client has it, the round before has reached the slow one too
            long fourth = events.reported(n, 40);
            await().atMost(WAIT).until(() -> has(fast, n, fourth));
            slow.release();
            await().atMost(WAIT).until(() -> has(slow, n, fourth));

            assertThat(rows(fast, m)).containsExactly(m + "@" + second + " 20%", m + "@" + third + " 30%");
            // m once, as it now is; n last at 40 % (its 10 % written before, or merged too if a summary held
            // the writer)
            assertThat(rows(slow, m)).containsExactly(m + "@" + third + " 30%");
            assertThat(rows(slow, n)).last().isEqualTo(n + "@" + fourth + " 40%");
            assertThat(rows(slow, n)).isSubsetOf(n + "@" + first + " 10%", n + "@" + fourth + " 40%");
            // what piled up went out in one write
            assertThat(slow.writes()).filteredOn(write -> write.contains("id:" + third + "\n"))
                                     .singleElement().asString().contains("id:" + fourth + "\n");
        } finally {
            slow.disconnect();
            fast.disconnect();
        }
    }

    private static List<String> names(RecordingSseClient client) {
        return EventStreamClient.events(client.text()).stream().map(Event::name).toList();
    }

    private static List<String> rows(RecordingSseClient client, String measure) {
        return MeasureRows.of(EventStreamClient.events(client.text()), measure);
    }

    private static boolean has(RecordingSseClient client, String measure, long position) {
        return rows(client, measure).stream().anyMatch(row -> row.startsWith(measure + "@" + position + " "));
    }
}
