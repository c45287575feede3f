-- Least-privilege database roles for the ledger (docs/SECURITY.md, "Database roles").
-- Run once per database as its owner or a superuser, before the services' first start:
--   psql -v ON_ERROR_STOP=1 -d ledger -f deploy/db-roles.sql
--   psql -d ledger -c "ALTER ROLE ledger_command PASSWORD '…'" (and ledger_query), from your secret store
-- then start command-service as ledger_command and query-service as ledger_query
-- (LEDGER_DB_USER / LEDGER_DB_PASSWORD). Safe to run again.
--
--   event_store       owned by ledger_command, the only writer of events; ledger_query may read it
--   query_view        owned by ledger_query (views, tracking tokens, replays); ledger_command has no access
--   token_revocation  owned by ledger_query (the revocation list it takes from ADMINs); ledger_command reads it
--   webhook           owned by ledger_query (webhook subscriptions with their secrets, the outbox); ledger_command has no access

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_command') THEN
        CREATE ROLE ledger_command LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_query') THEN
        CREATE ROLE ledger_query LOGIN;
    END IF;
END
$$;

-- nobody else may create objects in the public schema
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS event_store AUTHORIZATION ledger_command;
CREATE SCHEMA IF NOT EXISTS query_view AUTHORIZATION ledger_query;
CREATE SCHEMA IF NOT EXISTS token_revocation AUTHORIZATION ledger_query;
CREATE SCHEMA IF NOT EXISTS webhook AUTHORIZATION ledger_query;

-- query-service reads the event store: SELECT on what is there and on whatever command-service's
-- migrations create later, nothing else (no INSERT, UPDATE, DELETE, TRUNCATE, no DDL)
GRANT USAGE ON SCHEMA event_store TO ledger_query;
GRANT SELECT ON ALL TABLES IN SCHEMA event_store TO ledger_query;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA event_store TO ledger_query;
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_command IN SCHEMA event_store GRANT SELECT ON TABLES TO ledger_query;
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_command IN SCHEMA event_store GRANT SELECT ON SEQUENCES TO ledger_query;

-- command-service reads the revocation list
GRANT USAGE ON SCHEMA token_revocation TO ledger_command;
GRANT SELECT ON ALL TABLES IN SCHEMA token_revocation TO ledger_command;
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_query IN SCHEMA token_revocation GRANT SELECT ON TABLES TO ledger_command;

-- neither service reads the other's private schema
REVOKE ALL ON SCHEMA query_view FROM ledger_command;
REVOKE ALL ON SCHEMA webhook FROM ledger_command;
