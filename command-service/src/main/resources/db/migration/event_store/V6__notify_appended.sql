-- Readers of the event store in other processes (query-service's event processors) are told when
-- events were committed, instead of finding out at their next poll: PostgreSQL delivers the
-- notification at commit, once per transaction however many events it appended (identical
-- notifications of one transaction are folded into one), and never for a transaction that rolled
-- back. The readers still poll, slowly, in case a notification is missed (docs/ARCHITECTURE.md).
CREATE FUNCTION ${flyway:defaultSchema}.notify_events_appended() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('ledger_events_appended', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER events_appended
    AFTER INSERT ON ${flyway:defaultSchema}.domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ${flyway:defaultSchema}.notify_events_appended();
