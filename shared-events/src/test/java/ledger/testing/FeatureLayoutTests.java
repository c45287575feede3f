package ledger.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** A service's ArchitectureTest extends this: the rules of {@link FeatureLayout}, one test each. */
public abstract class FeatureLayoutTests {

    private final FeatureLayout layout;
    private final JavaClasses classes;

    protected FeatureLayoutTests(String service, JavaClasses classes) {
        this.layout = FeatureLayout.of(service);
        this.classes = classes;
    }

    @Test
    public void controllersLiveOnTheirFeaturesEdge() {
        layout.controllersLiveOnAnEdge().check(classes);
    }

    @Test
    public void nothingButTheWiringDependsOnAnEdge() {
        layout.onlyTheWiringDependsOnAnEdge().check(classes);
    }

    @Test
    public void noEdgeReachesAnotherFeaturesEdge() {
        layout.noEdgeReachesAnotherFeaturesEdge().check(classes);
    }

    @Test
    public void packagesDependOnEachOtherWithoutCycles() {
        layout.featuresAreFreeOfCycles().check(classes);
    }

    @Test
    public void failuresBecomeProblemsInOnePlace() {
        layout.failuresBecomeProblemsInOnePlace().check(classes);
    }

    @Test
    public void noFeatureReachesAnotherFeaturesStore() {
        layout.noFeatureReachesAnotherFeaturesStore().check(classes);
    }
}
