-- The status view: one row per measure, as of the last event applied (version = its sequence number).
CREATE TABLE measure_status (
    measure_id       VARCHAR(255) NOT NULL,
    plan_id          VARCHAR(64)  NOT NULL,
    section          INTEGER      NOT NULL,
    section_title    TEXT,
    number           INTEGER      NOT NULL,
    title            TEXT         NOT NULL,
    leaders          TEXT[]       NOT NULL,
    lead_units       TEXT[]       NOT NULL,
    status           VARCHAR(32)  NOT NULL,
    percent_complete INTEGER      NOT NULL DEFAULT 0,
    due_date         DATE         NOT NULL,
    recurrence       VARCHAR(32),
    urgency          VARCHAR(16)  NOT NULL DEFAULT 'NONE',
    escalation_level INTEGER      NOT NULL DEFAULT 0,
    version          BIGINT       NOT NULL,
    last_changed_at  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT measure_status_pk PRIMARY KEY (measure_id),
    CONSTRAINT measure_status_plan_number_uk UNIQUE (plan_id, number)
);

CREATE INDEX measure_status_status_idx ON measure_status (status);
CREATE INDEX measure_status_urgency_idx ON measure_status (urgency);
CREATE INDEX measure_status_leaders_idx ON measure_status USING GIN (leaders);
CREATE INDEX measure_status_lead_units_idx ON measure_status USING GIN (lead_units);
