-- Idempotency keys are written in the same transaction as the events they produced: a key is
-- there exactly when its command's events are.
CREATE TABLE idempotency_key (
    actor_id            VARCHAR(255) NOT NULL,
    idempotency_key     VARCHAR(255) NOT NULL,
    request_fingerprint CHAR(64)     NOT NULL,
    measure_id          VARCHAR(255) NOT NULL,
    version             BIGINT       NOT NULL,
    recorded_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_key_pk PRIMARY KEY (actor_id, idempotency_key)
);
