package ledger.query.status;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells whoever listens that this node's status projection has just committed changed rows, so the
 * live stream looks at once instead of at its next poll.
 */
@Component
public class StatusViewCommits {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void onCommit(Runnable listener) {
        listeners.add(listener);
    }

    void committed() {
        listeners.forEach(Runnable::run);
    }
}
