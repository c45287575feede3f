-- Revoked tokens, by their jti: posted by an ADMIN to query-service, read every few seconds by every
-- node of both services (command-service is granted SELECT only; see deploy/db-roles.sql). A schema
-- of its own, with its own migration history, beside query_view and event_store.
CREATE TABLE revoked_token (
    jti        VARCHAR(255) NOT NULL,
    revoked_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revoked_by VARCHAR(255) NOT NULL,
    -- after this the token has expired anyway and the row is no longer read; NULL: kept in force
    expires_at TIMESTAMPTZ,
    reason     VARCHAR(500),
    CONSTRAINT revoked_token_pk PRIMARY KEY (jti)
);
