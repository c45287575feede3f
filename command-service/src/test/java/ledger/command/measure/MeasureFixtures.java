package ledger.command.measure;

import ledger.command.dispatch.PayloadChecks;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.test.aggregate.AggregateTestFixture;

/** A Measure's test fixture set up as the service sets it up: payloads checked first, its deadlines injected. */
final class MeasureFixtures {

    private MeasureFixtures() {
    }

    static void configure(AggregateTestFixture<Measure> fixture, DeadlinePolicy policy) {
        fixture.registerInjectableResource(new MeasureDeadlines(deadlineManagerOf(fixture), policy));
        fixture.registerCommandHandlerInterceptor(new PayloadChecks());
    }

    /**
     * The fixture's own deadline manager, the one its expectations read and its clock fires. The
     * fixture injects it into handlers but offers no getter; MeasureDeadlines must wrap that one.
     */
    private static DeadlineManager deadlineManagerOf(AggregateTestFixture<?> fixture) {
        try {
            var field = AggregateTestFixture.class.getDeclaredField("deadlineManager");
            field.setAccessible(true);
            return (DeadlineManager) field.get(fixture);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("AggregateTestFixture keeps its deadline manager elsewhere", e);
        }
    }
}
