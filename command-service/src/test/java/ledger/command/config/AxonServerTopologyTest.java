package ledger.command.config;

import ledger.command.CommandServiceApplication;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventScheduler;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStoreFactory;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Axon Server routing mode (profile {@code axonserver}, docs/ARCHITECTURE.md "Topology"):
 * commands go through Axon Server, events stay in PostgreSQL. Axon Server cannot be downloaded on
 * the project's machines, so the service starts against an address where nothing listens: it must
 * start all the same, with these beans.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {CommandServiceApplication.CONFIG_NAME,
                              "axon.axonserver.servers=localhost:1",
                              "ledger.deadlines.enabled=false"})
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
        registry.add("spring.datasource.url", TestDatabase::jdbcUrl);
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
    }

    @Test
    void commandsAreRoutedThroughAxonServer() {
        assertThat(context.getBean(CommandBus.class)).isInstanceOf(AxonServerCommandBus.class);
        assertThat(axon.commandBus()).isInstanceOf(AxonServerCommandBus.class);
    }

    @Test
    void eventsStayInThePostgresqlEventStore() {
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
        assertThat(axon.eventStore()).isInstanceOf(EmbeddedEventStore.class)
                                     .isSameAs(context.getBean(EventStore.class));
        assertThat(axon.eventBus()).isSameAs(axon.eventStore());
    }

    @Test
    void nothingOfAxonServersEventStoreIsCreated() {
        assertThat(context.getBeansOfType(AxonServerEventStore.class)).isEmpty();
        assertThat(context.getBeansOfType(AxonServerEventStoreFactory.class)).isEmpty();
        assertThat(context.getBeansOfType(EventScheduler.class).values())
                .noneMatch(AxonServerEventScheduler.class::isInstance);
    }

    /** Without its router the node cannot take commands or queries: it says so, and proxies skip it. */
    @Test
    void aNodeWithoutItsAxonServerConnectionIsNotHealthy() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
    }
}
