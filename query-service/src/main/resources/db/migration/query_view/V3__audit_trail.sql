-- The audit trail: one row per event, keyed by the event's id so a redelivery changes nothing.
CREATE TABLE audit_trail (
    event_id        VARCHAR(255) NOT NULL,
    global_position BIGINT       NOT NULL,
    measure_id      VARCHAR(255) NOT NULL,
    sequence_number BIGINT       NOT NULL,
    event_type      VARCHAR(255) NOT NULL,
    event_revision  VARCHAR(32),
    occurred_at     TIMESTAMPTZ  NOT NULL,
    actor_id        VARCHAR(255),
    actor_role      VARCHAR(32),
    actor_unit      VARCHAR(255),
    correlation_id  VARCHAR(255),
    payload         JSONB        NOT NULL,
    CONSTRAINT audit_trail_pk PRIMARY KEY (event_id),
    CONSTRAINT audit_trail_measure_sequence_uk UNIQUE (measure_id, sequence_number),
    CONSTRAINT audit_trail_position_uk UNIQUE (global_position)
);
