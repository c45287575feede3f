package ledger.query.config;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which can be told that another process committed events: its
 * reader then fetches them at once instead of at its next poll. Axon itself does this after a
 * commit in the same process (afterCommit); here the commits are command-service's.
 */
public class WakeableEventStore extends EmbeddedEventStore {

    WakeableEventStore(Builder builder) {
        super(builder);
    }

    /** New events may be in the store: fetch now if the reader is waiting. */
    public void wake() {
        afterCommit(List.of());
    }
}
