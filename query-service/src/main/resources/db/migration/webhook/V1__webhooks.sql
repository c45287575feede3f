-- Notifications to internal services (webhooks): subscriptions, the outbox of deliveries, their
-- attempts, and each measure's lead units as the notification processor has seen them. A schema of
-- its own with its own migration history, owned by query-service (docs/ARCHITECTURE.md, "Webhooks").

CREATE TABLE subscription (
    id            BIGSERIAL     PRIMARY KEY,
    url           VARCHAR(2000) NOT NULL,
    -- event types as the audit feed names them (the stored payload type); matched as plain strings
    event_types   TEXT[]        NOT NULL,
    -- canonical lead units whose measures matter; empty: every measure
    lead_units    TEXT[]        NOT NULL DEFAULT '{}',
    -- the HMAC key, kept as given out: signing needs it (docs/SECURITY.md, Webhook secrets)
    secret        VARCHAR(100)  NOT NULL,
    description   VARCHAR(500),
    -- events at or below this global position (the audit feed's high-water mark at creation) are not sent
    from_position BIGINT        NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    created_by    VARCHAR(255)  NOT NULL,
    deleted_at    TIMESTAMPTZ,
    deleted_by    VARCHAR(255)
);

-- written only by the notification processor, in the transaction of its token
CREATE TABLE measure_lead_units (
    aggregate_id VARCHAR(255) PRIMARY KEY,
    lead_units   TEXT[]       NOT NULL
);

-- the outbox: one row per (subscription, event), in the order the processor saw the events
CREATE TABLE delivery (
    id              BIGSERIAL    PRIMARY KEY,
    subscription_id BIGINT       NOT NULL REFERENCES subscription (id),
    event_id        VARCHAR(255) NOT NULL,
    event_type      VARCHAR(255) NOT NULL,
    global_position BIGINT       NOT NULL,
    aggregate_id    VARCHAR(255) NOT NULL,
    sequence_number BIGINT       NOT NULL,
    -- PENDING (to send), DELIVERED, DEAD (after the last attempt), CANCELLED (subscription deleted)
    state           VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    dead_at         TIMESTAMPTZ,
    last_status     INT,
    last_error      VARCHAR(1000),
    CONSTRAINT delivery_once UNIQUE (subscription_id, event_id),
    CONSTRAINT delivery_state CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD', 'CANCELLED'))
);
-- the head of each (subscription, measure) queue, and the senders' scan
CREATE INDEX delivery_pending ON delivery (subscription_id, aggregate_id, id) WHERE state = 'PENDING';
CREATE INDEX delivery_pending_order ON delivery (id) WHERE state = 'PENDING';
CREATE INDEX delivery_dead ON delivery (id) WHERE state = 'DEAD';

-- the delivery log: every attempt and the receiver's answer
CREATE TABLE delivery_attempt (
    id           BIGSERIAL     PRIMARY KEY,
    delivery_id  BIGINT        NOT NULL REFERENCES delivery (id),
    attempt      INT           NOT NULL,
    attempted_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    node         VARCHAR(255)  NOT NULL,
    status       INT,
    response     VARCHAR(1000),
    error        VARCHAR(1000),
    duration_ms  BIGINT        NOT NULL
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, id);
