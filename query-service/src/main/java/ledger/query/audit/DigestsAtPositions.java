package ledger.query.audit;

import ledger.messages.eventstore.EventChain;
import ledger.messages.eventstore.LedgerDigest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger digest (docs/AUDIT.md) at many positions in one walk over the events ordered by
 * aggregate and sequence: for each aggregate, its head at or below each position goes into that
 * position's digest. Cost: the events once, plus aggregates × positions lines, instead of one
 * walk per position. The seals' check uses it to recompute every seal.
 */
final class DigestsAtPositions {

    private record Link(long position, long sequence, String hash) {
    }

    private final long[] positions;
    private final LedgerDigest[] digests;
    private final List<Link> links = new ArrayList<>();
    private String aggregate;
    private String previousHash;

    DigestsAtPositions(long[] ascendingPositions) {
        this.positions = ascendingPositions;
        this.digests = new LedgerDigest[positions.length];
        for (int i = 0; i < positions.length; i++) {
            digests[i] = new LedgerDigest();
        }
    }

    void accept(long position, EventChain.StoredEvent event) {
        if (!event.aggregateId().equals(aggregate)) {
            closeAggregate();
            aggregate = event.aggregateId();
            previousHash = EventChain.GENESIS;
        }
        previousHash = EventChain.hash(previousHash, event);
        links.add(new Link(position, event.sequence(), previousHash));
    }

    Map<Long, String> finish() {
        closeAggregate();
        Map<Long, String> result = new LinkedHashMap<>();
        for (int i = 0; i < positions.length; i++) {
            result.put(positions[i], digests[i].value());
        }
        return result;
    }

    /** The aggregate's head at or below each position: its last event at or below it, if any. */
    private void closeAggregate() {
        if (aggregate == null) {
            return;
        }
        int next = 0;
        Link head = null;
        for (int i = 0; i < positions.length; i++) {
            while (next < links.size() && links.get(next).position() <= positions[i]) {
                head = links.get(next++);
            }
            if (head != null) {
                digests[i].addHead(aggregate, head.sequence(), head.hash());
            }
        }
        links.clear();
        aggregate = null;
    }
}
