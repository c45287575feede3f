package ledger.query.stream;

import ledger.messages.query.DashboardSummary;
import ledger.messages.query.GetDashboardSummary;
import ledger.messages.query.PlanChanges;
import ledger.messages.query.PlanChanges.MeasureChange;
import ledger.messages.query.WatchPlan;
import ledger.query.status.StatusRows;
import ledger.query.status.StatusViewCommits;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The status view's changes as Axon subscription-query updates ({@link WatchPlan}), one feed per
 * node whatever the number of subscribers: each round reads the rows changed between the position
 * already sent and the {@link StatusViewFrontier}, once for every plan watched, and emits them to
 * that plan's subscriptions. A round runs when this node's status projection commits (at most every
 * {@code ledger.stream.min-interval}), and every {@code ledger.stream.poll-interval} for the
 * segments other nodes run.
 * <p>
 * A subscription's initial answer holds the rows changed after the subscriber's last position up
 * to the position sent so far, under the same lock as the rounds, so that with its updates it
 * gets every change once: Axon delivers the updates emitted between the subscription and its
 * initial answer too, and the receiver drops those numbered at or below the initial answer's.
 * <p>
 * A plan's summary is sent with a round when it moved, computed at most every
 * {@code ledger.stream.summary-interval} (at 10,000 measures it takes PostgreSQL tens of
 * milliseconds); a summary held back is sent by a later round. A subscriber that joins gets the
 * summary as it is, and the next summary of its plan is sent even if unchanged.
 */
@Component
public class PlanChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PlanChangeFeed.class);

    private final StatusViewFrontier frontier;
    private final StatusRows views;
    private final QueryGateway queries;
    private final QueryUpdateEmitter emitter;
    private final StatusViewCommits commits;
    private final Duration pollInterval;
    private final Duration minInterval;
    private final Duration summaryInterval;

    private final Object lock = new Object();
    /** Every change up to this position has been emitted. */
    private long sent = StatusViewFrontier.NOTHING;
    /** Updates emitted so far: the number of the last one. */
    private long updates;
    /** Per plan watched: the summary last sent, when, and whether one is due. */
    private final Map<String, SummaryState> summaries = new HashMap<>();
    private final AtomicBoolean roundQueued = new AtomicBoolean();
    private volatile long lastRoundAt = System.nanoTime();
    private ScheduledExecutorService rounds;

    private static final class SummaryState {
        DashboardSummary lastSent;
        /** System.nanoTime() when last computed: an interval of this JVM, not a time of the domain. */
        long computedAt;
        boolean computed;
        boolean due;
    }

    public PlanChangeFeed(StatusViewFrontier frontier, StatusRows views, QueryGateway queries,
                          QueryUpdateEmitter emitter, StatusViewCommits commits,
                          @Value("${ledger.stream.poll-interval:200ms}") Duration pollInterval,
                          @Value("${ledger.stream.min-interval:100ms}") Duration minInterval,
                          @Value("${ledger.stream.summary-interval:500ms}") Duration summaryInterval) {
        this.minInterval = minInterval;
        this.frontier = frontier;
        this.views = views;
        this.queries = queries;
        this.emitter = emitter;
        this.commits = commits;
        this.pollInterval = pollInterval;
        this.summaryInterval = summaryInterval;
    }

    @QueryHandler
    public PlanChanges handle(WatchPlan query) {
        // first the changes up to the frontier, to every subscriber: the new one has them in its answer
        long reached = frontier.current();
        synchronized (lock) {
            advanceTo(reached);
            Long after = query.afterPosition();
            List<MeasureChange> missed = after == null || after >= sent
                    ? List.of() : views.changed(Set.of(query.planId()), after, sent);
            DashboardSummary summary = summary(query.planId());
            summaries.computeIfAbsent(query.planId(), plan -> new SummaryState()).due = true;
            return new PlanChanges(query.planId(), Math.max(sent, after == null ? sent : after), missed, summary,
                                   updates);
        }
    }

    /** One round: the changes up to the frontier, to the plans watched. */
    void round() {
        lastRoundAt = System.nanoTime();
        try {
            long reached = frontier.current();
            synchronized (lock) {
                advanceTo(reached);
            }
        } catch (RuntimeException e) {
            // the database is away: the next round reads the same changes again
            log.debug("plan change round failed: {}", e.toString());
        }
    }

    private void advanceTo(long reached) {
        Set<String> watched = watchedPlans();
        summaries.keySet().retainAll(watched);
        if (reached > sent) {
            Map<String, List<MeasureChange>> byPlan = views.changed(watched, sent, reached).stream()
                    .collect(Collectors.groupingBy(change -> change.measure().planId(), LinkedHashMap::new,
                                                   Collectors.toList()));
            byPlan.keySet().forEach(plan -> summaries.computeIfAbsent(plan, p -> new SummaryState()).due = true);
            emit(byPlan, reached);
            sent = reached;
        } else {
            emit(Map.of(), sent);
        }
    }

    private void emit(Map<String, List<MeasureChange>> byPlan, long position) {
        long now = System.nanoTime();
        for (Map.Entry<String, SummaryState> entry : summaries.entrySet()) {
            String plan = entry.getKey();
            List<MeasureChange> changes = byPlan.getOrDefault(plan, List.of());
            DashboardSummary summary = summaryIfMoved(plan, entry.getValue(), now);
            if (!changes.isEmpty() || summary != null) {
                PlanChanges update = new PlanChanges(plan, position, changes, summary, ++updates);
                emitter.emit(WatchPlan.class, query -> plan.equals(query.planId()), update);
            }
        }
    }

    private DashboardSummary summaryIfMoved(String plan, SummaryState state, long now) {
        if (!state.due || state.computed && now - state.computedAt < summaryInterval.toNanos()) {
            return null;
        }
        state.computed = true;
        DashboardSummary summary = summary(plan);
        state.computedAt = now;
        state.due = false;
        boolean moved = !summary.equals(state.lastSent);
        state.lastSent = summary;
        return moved ? summary : null;
    }

    /** The dashboard's summary, asked of the dashboard feature as any client would. */
    private DashboardSummary summary(String plan) {
        try {
            return queries.query(new GetDashboardSummary(plan), DashboardSummary.class).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Set<String> watchedPlans() {
        return emitter.activeSubscriptions().stream()
                      .map(SubscriptionQueryMessage::getPayload)
                      .filter(WatchPlan.class::isInstance)
                      .map(payload -> ((WatchPlan) payload).planId())
                      .collect(Collectors.toSet());
    }

    /**
     * A round soon after a commit of this node's projection, but not sooner than
     * {@code ledger.stream.min-interval} after the one before: under load, commits come every few
     * milliseconds, and each round costs a write to every client.
     */
    private void wake() {
        ScheduledExecutorService executor = rounds;
        if (executor != null && roundQueued.compareAndSet(false, true)) {
            long wait = lastRoundAt + minInterval.toNanos() - System.nanoTime();
            executor.schedule(() -> {
                roundQueued.set(false);
                round();
            }, Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            try {
                sent = frontier.current();
            } catch (RuntimeException e) {
                log.warn("the status view's position could not be read at start; the stream starts from its beginning",
                         e);
            }
        }
        rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "plan-change-feed");
            thread.setDaemon(true);
            return thread;
        });
        rounds.scheduleWithFixedDelay(this::round, pollInterval.toMillis(), pollInterval.toMillis(),
                                      TimeUnit.MILLISECONDS);
        commits.onCommit(this::wake);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = rounds;
        rounds = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }
}
