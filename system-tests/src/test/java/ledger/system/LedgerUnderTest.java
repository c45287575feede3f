package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.command.CommandServiceApplication;
import ledger.command.dispatch.CommandDispatcher;
import ledger.messages.Actor;
import ledger.messages.ActorRole;
import ledger.messages.plan.RegisterPlan;
import ledger.query.QueryServiceApplication;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** Both services, started as they run in production, on one embedded PostgreSQL, on free ports. */
final class LedgerUnderTest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ConfigurableApplicationContext commandService;
    private final ConfigurableApplicationContext queryService;
    private final String jdbcUrl;
    private final String commandUser;
    private final String queryUser;
    private final List<QueryNode> moreQueryNodes = new ArrayList<>();
    private final List<CommandNode> moreCommandNodes = new ArrayList<>();

    LedgerUnderTest() {
        this(UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * Both services on a PostgreSQL of the test's own, query-service started with these arguments
     * besides (e.g. a shorter claim timeout).
     */
    static LedgerUnderTest withQueryArguments(String jdbcUrl, String... queryArguments) {
        return new LedgerUnderTest(jdbcUrl, UnaryOperator.identity(), UnaryOperator.identity(), queryArguments);
    }

    /** The services with their DataSources wrapped, e.g. to watch how connections are used. */
    LedgerUnderTest(UnaryOperator<DataSource> commandDataSource, UnaryOperator<DataSource> queryDataSource) {
        this(TestDatabase.jdbcUrl(), commandDataSource, queryDataSource);
    }

    /** The services on a PostgreSQL of the test's own (user and password as TestDatabase's). */
    LedgerUnderTest(String jdbcUrl) {
        this(jdbcUrl, UnaryOperator.identity(), UnaryOperator.identity());
    }

    private LedgerUnderTest(String jdbcUrl, UnaryOperator<DataSource> commandDataSource,
                            UnaryOperator<DataSource> queryDataSource, String... queryArguments) {
        this(jdbcUrl, TestDatabase.USER, TestDatabase.USER, commandDataSource, queryDataSource, queryArguments);
    }

    /** Both services on a PostgreSQL of the test's own, each logged in as its own database role. */
    static LedgerUnderTest withRoles(String jdbcUrl, String commandUser, String queryUser) {
        return new LedgerUnderTest(jdbcUrl, commandUser, queryUser, UnaryOperator.identity(), UnaryOperator.identity());
    }

    private LedgerUnderTest(String jdbcUrl, String commandUser, String queryUser,
                            UnaryOperator<DataSource> commandDataSource, UnaryOperator<DataSource> queryDataSource,
                            String... queryArguments) {
        this.jdbcUrl = jdbcUrl;
        this.commandUser = commandUser;
        this.queryUser = queryUser;
        // command-service first: it migrates the event store that query-service reads
        // the tests' measures are due in 2016: their deadlines would fire between two counts of events
        commandService = start(wrapping(CommandServiceApplication.application(), commandDataSource), jdbcUrl,
                               commandUser, "--ledger.deadlines.enabled=false");
        queryService = start(wrapping(QueryServiceApplication.application(), queryDataSource), jdbcUrl, queryUser,
                             queryArguments);
    }

    /**
     * Another query-service node on the same database, as a second machine would run it: its own
     * port, its own processors, claiming segments of the same tokens. Closed with the ledger.
     */
    QueryNode startQueryNode(UnaryOperator<DataSource> dataSource, String... arguments) {
        QueryNode node = new QueryNode(start(wrapping(QueryServiceApplication.application(), dataSource), jdbcUrl,
                                             queryUser, arguments));
        moreQueryNodes.add(node);
        return node;
    }

    /**
     * Another command-service node on the same database, with deadlines on (unless the arguments
     * say otherwise): its own port, its own cache of measures, polling the same deadline table.
     */
    CommandNode startCommandNode(String... arguments) {
        CommandNode node = new CommandNode(start(CommandServiceApplication.application(), jdbcUrl, commandUser,
                                                 arguments));
        moreCommandNodes.add(node);
        return node;
    }

    /**
     * The same with configuration classes of the test's besides (e.g. a Clock the test moves); it
     * may be stopped and started again on the same database, as a restart would.
     */
    CommandNode startCommandNode(Class<?> configuration, String... arguments) {
        CommandNode node = new CommandNode(start(CommandServiceApplication.application().sources(configuration),
                                                 jdbcUrl, commandUser, arguments));
        moreCommandNodes.add(node);
        return node;
    }

    /** One command-service node, and commands to it. */
    final class CommandNode {

        private final ConfigurableApplicationContext context;

        private CommandNode(ConfigurableApplicationContext context) {
            this.context = context;
        }

        /** Stops this node (its deadlines stay in the database for the next node to fire). */
        void stop() {
            context.close();
            moreCommandNodes.remove(this);
        }

        /** Where this node answers, e.g. {@code http://localhost:port}. */
        String url() {
            return LedgerUnderTest.baseUrl(context);
        }

        /** This node's metrics, in Prometheus's text format. */
        String metrics(String authorization) {
            return send(HttpRequest.newBuilder(URI.create(baseUrl(context) + "/actuator/prometheus"))
                                   .header("Authorization", authorization).build()).body();
        }

        /** A command as the office or the test unit sends it, with extra headers as name, value pairs. */
        Response command(String path, String body, String actorId, String role, String... headers) {
            String unit = role.equals("UNIT") ? TEST_UNIT : null;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(context) + path))
                                                     .header("Content-Type", "application/json")
                                                     .header("Authorization",
                                                             "Bearer " + TestTokens.token(actorId, role, unit))
                                                     .POST(HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request.build());
        }
    }

    /**
     * A DataSource that refuses new connections while {@code cutOff} is set: a node that died, or
     * lost its network, can neither renew nor release what it holds in the database.
     */
    static DataSource cuttable(DataSource dataSource, java.util.concurrent.atomic.AtomicBoolean cutOff) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && cutOff.get()) {
                        throw new java.sql.SQLException("the node is cut off from the database", "08001");
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The command-service node the ledger started with. */
    CommandNode commandNode() {
        return new CommandNode(commandService);
    }

    /** The query-service node the ledger started with. */
    QueryNode queryNode() {
        return new QueryNode(queryService);
    }

    /** One query-service node, and requests to it. */
    final class QueryNode {

        private final ConfigurableApplicationContext context;

        private QueryNode(ConfigurableApplicationContext context) {
            this.context = context;
        }

        ConfigurableApplicationContext context() {
            return context;
        }

        /** Where this node answers, e.g. {@code http://localhost:port}. */
        String url() {
            return LedgerUnderTest.baseUrl(context);
        }

        Response query(String path) {
            return send(HttpRequest.newBuilder(URI.create(baseUrl(context) + path)).header("Accept", "application/json")
                                   .header("Authorization", "Bearer " + TestTokens.token("auditor-1", "AUDITOR", null))
                                   .build());
        }

        Response adminGet(String path) {
            return send(HttpRequest.newBuilder(URI.create(baseUrl(context) + path))
                                   .header("Authorization", "Bearer " + TestTokens.token("admin-1", "ADMIN", null))
                                   .build());
        }

        Response admin(String path) {
            return send(HttpRequest.newBuilder(URI.create(baseUrl(context) + path))
                                   .header("Authorization", "Bearer " + TestTokens.token("admin-1", "ADMIN", null))
                                   .POST(HttpRequest.BodyPublishers.noBody()).build());
        }

        void close() {
            context.close();
        }
    }

    private static SpringApplicationBuilder wrapping(SpringApplicationBuilder application,
                                                     UnaryOperator<DataSource> decorator) {
        return application.initializers(context -> context.getBeanFactory().addBeanPostProcessor(
                new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String name) {
                        return bean instanceof DataSource dataSource ? decorator.apply(dataSource) : bean;
                    }
                }));
    }

    private static ConfigurableApplicationContext start(SpringApplicationBuilder application, String jdbcUrl,
                                                        String user, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                                                    "--spring.datasource.url=" + jdbcUrl,
                                                    "--spring.datasource.username=" + user,
                                                    "--spring.datasource.password=" + TestDatabase.PASSWORD,
                                                    "--spring.security.oauth2.resourceserver.jwt.public-key-location="
                                                    + TestTokens.publicKeyLocation()));
        args.addAll(List.of(more));
        return application.run(args.toArray(String[]::new));
    }

    /** Direct access to the database, as someone with write access to it would have. */
    JdbcTemplate database() {
        return commandService.getBean(JdbcTemplate.class);
    }

    /** Puts a plan on the ledger, as an import does before it assigns the plan's measures. */
    String registerPlan(String planId) {
        send(new RegisterPlan(planId, "测试方案", null, null, LocalDate.of(2016, 10, 31), null, 30),
             new Actor("office-1", ActorRole.SUPERVISOR, null));
        return planId;
    }

    /** A command sent through command-service's dispatcher, as a JVM client would, past the HTTP checks. */
    <R> R send(Object command, Actor actor) {
        return commandService.getBean(CommandDispatcher.class).send(command, actor, "test-" + UUID.randomUUID());
    }

    /** The query service's health, as a load balancer asks for it: no token. */
    Response health() {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(queryService) + "/actuator/health")).build());
    }

    private static String baseUrl(ConfigurableApplicationContext service) {
        return "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
    }

    /** The unit the tests' lead-unit tokens name (an alias: the ledger maps it to 省政府办公厅). */
    static final String TEST_UNIT = "省府办公厅";

    /** A command as the supervision office or a lead unit sends it; answers status and body. */
    Response command(String path, String body, String actorId, String role) {
        return send(commandRequest(path, body, actorId, role).build());
    }

    /** The same with an Idempotency-Key. */
    Response commandWithKey(String path, String body, String actorId, String role, String idempotencyKey) {
        return send(commandRequest(path, body, actorId, role).header("Idempotency-Key", idempotencyKey).build());
    }

    private HttpRequest.Builder commandRequest(String path, String body, String actorId, String role) {
        String unit = role.equals("UNIT") ? TEST_UNIT : null;
        return HttpRequest.newBuilder(URI.create(baseUrl(commandService) + path))
                          .header("Content-Type", "application/json")
                          .header("Authorization", "Bearer " + TestTokens.token(actorId, role, unit))
                          .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** An address on query-service. */
    URI queryUri(String pathAndQuery) {
        return URI.create(baseUrl(queryService) + pathAndQuery);
    }

    /** A bean of query-service, to watch what it holds. */
    <T> T queryBean(Class<T> type) {
        return queryService.getBean(type);
    }

    /** A read as an auditor, who may read everything but the admin endpoints. */
    Response query(String path) {
        return query(path, "application/json");
    }

    Response query(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(queryService) + path)).header("Accept", accept)
                               .header("Authorization", "Bearer " + TestTokens.token("auditor-1", "AUDITOR", null))
                               .build());
    }

    Response adminGet(String path) {
        return request(false, "GET", path, null, "Bearer " + TestTokens.token("admin-1", "ADMIN", null));
    }

    Response admin(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(queryService) + path))
                               .header("Authorization", "Bearer " + TestTokens.token("admin-1", "ADMIN", null))
                               .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Any request to either service, as is: for the access tests. */
    Response request(boolean toCommandService, String method, String path, String body, String authorization) {
        return request(toCommandService, method, path, body, authorization, null);
    }

    /** The same with a text body ({@code text/plain}) when {@code text} is given. */
    Response request(boolean toCommandService, String method, String path, String body, String authorization,
                     String text) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                baseUrl(toCommandService ? commandService : queryService) + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (text != null) {
            request.header("Content-Type", "text/plain; charset=UTF-8")
                   .POST(HttpRequest.BodyPublishers.ofString(text));
        } else if (method.equals("POST")) {
            request.header("Content-Type", "application/json")
                   .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body));
        } else if (method.equals("DELETE")) {
            request.DELETE();
        }
        return send(request.build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            ContractCheck.check(request, response.statusCode(), response.body(), response.headers());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A measure assigned now: 201 Created (a replay of its Idempotency-Key would be 200). */
    static void created(Response response) {
        org.assertj.core.api.Assertions.assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    /** A command on an assigned measure, done: 200. */
    static void done(Response response) {
        org.assertj.core.api.Assertions.assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @Override
    public void close() {
        moreQueryNodes.forEach(QueryNode::close);
        moreCommandNodes.forEach(node -> node.context.close());
        queryService.close();
        commandService.close();
    }
}
