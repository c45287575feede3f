package ledger.command.archive;

import ledger.messages.eventstore.EventStoreFormat;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./ledger restore DIR}: creates the event store's tables with command-service's own
 * migrations, then loads the export, with no service running (the views are rebuilt by
 * query-service when the ledger starts). Database from LEDGER_DB_URL, LEDGER_DB_USER and
 * LEDGER_DB_PASSWORD. Exit status 0 restored, 1 refused (the reason on standard error).
 */
public final class RestoreCommand {

    private RestoreCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RestoreCommand DIR   (database from LEDGER_DB_URL, LEDGER_DB_USER, LEDGER_DB_PASSWORD)");
            System.exit(2);
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                System.getenv("LEDGER_DB_URL"), System.getenv().getOrDefault("LEDGER_DB_USER", "postgres"),
                System.getenv().getOrDefault("LEDGER_DB_PASSWORD", ""));
        Flyway.configure().dataSource(dataSource)
              .schemas(EventStoreFormat.SCHEMA).defaultSchema(EventStoreFormat.SCHEMA)
              .locations("classpath:db/migration/event_store")
              .load().migrate();
        LedgerRestore restore = new LedgerRestore(dataSource, EventStoreFormat.objectMapper(), Duration.ofHours(6));
        long[] shown = {-1};
        try {
            LedgerRestore.Restored restored = restore.restore(Path.of(args[0]).toAbsolutePath(), (phase, done, total) -> {
                if (done != shown[0]) {
                    System.out.printf("  %s: %d of %d%n", phase, done, total);
                    shown[0] = done;
                }
            });
            System.out.printf("restored %d events (last position %d), %d idempotency keys, %d pending deadlines;"
                              + " digest %s, as the export's manifest says%n", restored.events(),
                              restored.lastPosition(), restored.idempotencyKeys(), restored.deadlines(),
                              restored.digest());
        } catch (ArchiveException e) {
            System.err.println("ledger restore: refused: " + e.getMessage());
            System.exit(1);
        }
    }
}
