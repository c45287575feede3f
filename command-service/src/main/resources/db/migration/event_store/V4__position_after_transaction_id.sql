-- A global position is handed out only to a transaction that already holds its transaction id.
-- Readers of the whole ledger (query-service's audit feed) rely on this to know when every
-- position up to a point has been committed or abandoned: once PostgreSQL's oldest running
-- transaction (pg_snapshot_xmin) is newer than every transaction id that existed when a position
-- was handed out, no transaction can still commit at or below it (docs/AUDIT.md, high-water mark).
-- pg_current_xact_id() assigns the id if the transaction has none yet.
CREATE FUNCTION ${flyway:defaultSchema}.next_global_index() RETURNS bigint
    LANGUAGE plpgsql VOLATILE AS
$$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('${flyway:defaultSchema}.domain_event_entry_global_index_seq');
END
$$;

ALTER TABLE ${flyway:defaultSchema}.domain_event_entry
    ALTER COLUMN global_index SET DEFAULT ${flyway:defaultSchema}.next_global_index();
