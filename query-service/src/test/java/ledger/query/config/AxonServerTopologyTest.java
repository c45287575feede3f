package ledger.query.config;

import ledger.query.QueryServiceApplication;
import ledger.query.audit.AuditTrailProjection;
import ledger.query.status.MeasureStatusProjection;
import ledger.query.support.QueryServiceTest;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventScheduler;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStoreFactory;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Axon Server routing mode (profile {@code axonserver}, docs/ARCHITECTURE.md "Topology"):
 * queries go through Axon Server, the views still read command-service's PostgreSQL event store.
 * Axon Server cannot be downloaded on the project's machines, so the service starts against an
 * address where nothing listens: it must start all the same, with these beans.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {QueryServiceApplication.CONFIG_NAME, "axon.axonserver.servers=localhost:1",
                        // it shares the database, and may take a delivery of the webhook tests
                        QueryServiceTest.WEBHOOK_ATTEMPTS, QueryServiceTest.WEBHOOK_RETRY_INITIAL,
                        QueryServiceTest.WEBHOOK_RETRY_MAX, QueryServiceTest.WEBHOOK_POLL})
@ActiveProfiles("axonserver")
class AxonServerTopologyTest {

    @LocalServerPort
    private int port;
    @Autowired
    private ApplicationContext context;
    @Autowired
    private Configuration axon;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.migrateEventStore();
        registry.add("spring.datasource.url", TestDatabase::jdbcUrl);
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
    }

    @Test
    void queriesAreRoutedThroughAxonServer() {
        assertThat(context.getBean(QueryBus.class)).isInstanceOf(AxonServerQueryBus.class);
        assertThat(axon.queryBus()).isInstanceOf(AxonServerQueryBus.class);
    }

    @Test
    void eventsAreReadFromThePostgresqlEventStore() {
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(axon.eventStore()).isInstanceOf(EmbeddedEventStore.class)
                                     .isSameAs(context.getBean(EventStore.class));
        assertThat(context.getBeansOfType(AxonServerEventStore.class)).isEmpty();
        assertThat(context.getBeansOfType(AxonServerEventStoreFactory.class)).isEmpty();
        assertThat(context.getBeansOfType(EventScheduler.class).values())
                .noneMatch(AxonServerEventScheduler.class::isInstance);
    }

    @ParameterizedTest
    @ValueSource(strings = {MeasureStatusProjection.PROCESSING_GROUP, AuditTrailProjection.PROCESSING_GROUP})
    void eachViewsProcessorReadsTheJdbcEventStoreAndClaimsInTheJdbcTokenStore(String processingGroup) {
        StreamingEventProcessor processor = axon.getComponent(EventProcessingConfiguration.class)
                                                .eventProcessor(processingGroup, StreamingEventProcessor.class)
                                                .orElseThrow();
        assertThat(ReflectionTestUtils.getField(processor, "messageSource")).isSameAs(axon.eventStore());
        assertThat(ReflectionTestUtils.getField(processor, "tokenStore")).isInstanceOf(JdbcTokenStore.class)
                                                                         .isSameAs(context.getBean(TokenStore.class));
    }

    /** Without its router the node cannot take commands or queries: it says so, and proxies skip it. */
    @Test
    void aNodeWithoutItsAxonServerConnectionIsNotHealthy() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"");
    }
}
