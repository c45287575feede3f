package ledger.command.measure;

import ledger.messages.Actor;
import ledger.messages.ActorRole;
import ledger.messages.MetadataKeys;
import org.axonframework.messaging.MetaData;

/** What the ledger does by itself it does as "system"; no unit acts for it. */
final class SystemActor {

    /** The metadata of an event the system applies (overrides the actor of whatever caused it). */
    static final MetaData METADATA = MetaData.with(MetadataKeys.ACTOR_ID, Actor.SYSTEM.id())
                                             .and(MetadataKeys.ACTOR_ROLE, ActorRole.SYSTEM.name())
                                             .and(MetadataKeys.ACTOR_UNIT, null);

    private SystemActor() {
    }
}
