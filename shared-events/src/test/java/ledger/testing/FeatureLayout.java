package ledger.testing;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout every feature of a service follows, as rules that hold for any feature (after
 * ddd-by-examples/library's hexagonal architecture test):
 * <pre>
 *   SERVICE.FEATURE        the feature's logic and its store (aggregates, projections, queries)
 *   SERVICE.FEATURE.api    its HTTP edge: controllers and request bodies
 *   SERVICE.commons        what every feature's edge shares (the actor from the token, headers)
 *   SERVICE.config         the wiring: Axon, access rules, and where failures become problems
 * </pre>
 * Nothing but {@code config} depends on an edge; no feature's edge reaches another's; packages
 * depend on one another without cycles; only {@code config} turns failures into problem+json; no
 * feature reaches into another's store (the classes that handle its events, queries or commands):
 * it asks through the gateways, as any other client would.
 */
public final class FeatureLayout {

    private final String service;

    private FeatureLayout(String service) {
        this.service = service;
    }

    /** The layout of {@code ledger.command} or {@code ledger.query}. */
    public static FeatureLayout of(String service) {
        return new FeatureLayout(service);
    }

    public List<ArchRule> rules() {
        return List.of(controllersLiveOnAnEdge(), onlyTheWiringDependsOnAnEdge(), noEdgeReachesAnotherFeaturesEdge(),
                       featuresAreFreeOfCycles(), failuresBecomeProblemsInOnePlace(), noFeatureReachesAnotherFeaturesStore());
    }

    public void check(JavaClasses classes) {
        rules().forEach(rule -> rule.check(classes));
    }

    public ArchRule controllersLiveOnAnEdge() {
        return classes().that().resideInAPackage(service + "..")
                        .and().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                        .should().resideInAPackage(service + ".*.api")
                        .because("a feature's HTTP edge is its api package");
    }

    public ArchRule onlyTheWiringDependsOnAnEdge() {
        return noClasses().that().resideInAPackage(service + "..")
                          .and().resideOutsideOfPackages(service + ".*.api", service + ".config")
                          .should().dependOnClassesThat().resideInAPackage(service + ".*.api")
                          .because("the edge depends on the feature, never the other way round");
    }

    public ArchRule noEdgeReachesAnotherFeaturesEdge() {
        return classes().that().resideInAPackage(service + ".*.api")
                        .should(reachNoOtherFeatures("edge", this::isEdge))
                        .because("a feature's edge serves its own feature");
    }

    /** No dependency on a part (edge, store) of another feature than the class's own. */
    private ArchCondition<JavaClass> reachNoOtherFeatures(String part, Predicate<JavaClass> isPart) {
        return new ArchCondition<>("reach no other feature's " + part) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    if (isPart.test(target) && !feature(target).equals(feature(origin))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private boolean isEdge(JavaClass type) {
        return type.getPackageName().startsWith(service + ".") && type.getPackageName().endsWith(".api")
               && type.getPackageName().substring(service.length() + 1).split("\\.").length == 2;
    }

    private String feature(JavaClass type) {
        // a class in the service's root package belongs to no feature
        String name = type.getPackageName();
        return name.length() <= service.length() ? "" : name.substring(service.length() + 1).split("\\.")[0];
    }

    public ArchRule featuresAreFreeOfCycles() {
        // a feature and its edge are slices of their own: the edge may use what stands on the feature
        // (the dispatcher, the commons), which must not make a cycle of the feature itself
        return slices().matching(service + ".(**)").should().beFreeOfCycles();
    }

    public ArchRule failuresBecomeProblemsInOnePlace() {
        return methods().that().areDeclaredInClassesThat().resideInAPackage(service + "..")
                        .and().areAnnotatedWith("org.springframework.web.bind.annotation.ExceptionHandler")
                        .should().beDeclaredInClassesThat().resideInAPackage(service + ".config")
                        .because("one place per service turns failures into problem+json");
    }

    /** The annotations that make a class a feature's store: it keeps state from events or answers from it. */
    private static final List<String> STORE_HANDLERS = List.of(
            "org.axonframework.eventhandling.EventHandler",
            "org.axonframework.queryhandling.QueryHandler",
            "org.axonframework.eventsourcing.EventSourcingHandler",
            "org.axonframework.commandhandling.CommandHandler");

    public ArchRule noFeatureReachesAnotherFeaturesStore() {
        return classes().that().resideInAPackage(service + "..")
                        .and().resideOutsideOfPackage(service + ".config")
                        .should(reachNoOtherFeatures("store", this::isStore))
                        .because("a feature's store is its own; others ask it through the query or command gateway");
    }

    private boolean isStore(JavaClass type) {
        return type.getPackageName().startsWith(service + ".")
               && !type.getPackageName().startsWith(service + ".config")
               && type.getMethods().stream().anyMatch(method -> STORE_HANDLERS.stream().anyMatch(method::isAnnotatedWith));
    }
}
