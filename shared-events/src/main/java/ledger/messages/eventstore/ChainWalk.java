package ledger.messages.eventstore;

/**
 * Walks stored events ordered by aggregate id (byte order) and sequence, recomputing each
 * aggregate's chain ({@link EventChain}) and the ledger digest ({@link LedgerDigest}) over the
 * recomputed chain heads. Names the first broken event. One walk, constant memory: the
 * query-service's audit, the export and the restore all compute the digest with it (docs/AUDIT.md).
 */
public final class ChainWalk {

    /** The first event whose chain does not hold, and why. */
    public record BrokenEvent(String aggregateId, long sequence, Long position, String eventId, String problem) {
    }

    private final LedgerDigest heads = new LedgerDigest();
    private long events;
    private long aggregates;
    private BrokenEvent firstBroken;
    private String aggregate;
    private long expectedSequence;
    private String previousHash;
    private boolean finished;

    /** The next event, in aggregate-id then sequence order. */
    public void accept(long position, EventChain.StoredEvent event) {
        if (!event.aggregateId().equals(aggregate)) {
            closeAggregate();
            aggregate = event.aggregateId();
            aggregates++;
            expectedSequence = 0;
            previousHash = EventChain.GENESIS;
        }
        events++;
        if (event.sequence() != expectedSequence) {
            broken(position, event, "expected sequence " + expectedSequence + ", found " + event.sequence()
                                    + ": an event is missing or its sequence number was changed");
        }
        String recomputed = EventChain.hash(previousHash, event);
        String stored = EventChain.storedHash(event.metadata());
        if (stored == null) {
            broken(position, event, "the event carries no hash");
        } else if (!stored.equals(recomputed)) {
            broken(position, event, "its recomputed hash differs from the stored one: its payload, metadata, type, "
                                    + "sequence, timestamp or hash was altered, or an earlier event of the chain was");
        }
        previousHash = recomputed;
        expectedSequence = event.sequence() + 1;
    }

    /** Ends the walk: the digest covers every aggregate seen. */
    public ChainWalk finish() {
        if (!finished) {
            closeAggregate();
            finished = true;
        }
        return this;
    }

    public String digest() {
        finish();
        return heads.value();
    }

    public long events() {
        return events;
    }

    public long aggregates() {
        return aggregates;
    }

    /** Null while every chain holds. */
    public BrokenEvent firstBroken() {
        return firstBroken;
    }

    private void broken(long position, EventChain.StoredEvent event, String problem) {
        if (firstBroken == null) {
            firstBroken = new BrokenEvent(event.aggregateId(), event.sequence(), position, event.eventId(), problem);
        }
    }

    private void closeAggregate() {
        if (aggregate != null) {
            heads.addHead(aggregate, expectedSequence - 1, previousHash);
            aggregate = null;
        }
    }
}
