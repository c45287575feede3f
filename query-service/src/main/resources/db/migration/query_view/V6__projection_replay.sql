-- Replays asked of any query-service node, with their progress: every node reads them here, so a
-- replay rebuilds the views once for all nodes (one node runs it, the others stop and wait).
CREATE TABLE projection_replay (
    id            BIGSERIAL    PRIMARY KEY,
    projections   TEXT[]       NOT NULL,
    requested_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    requested_by  VARCHAR(255),
    state         VARCHAR(16)  NOT NULL DEFAULT 'requested'
                               CHECK (state IN ('requested', 'running', 'done', 'failed')),
    -- the node that runs the rebuild, once one has claimed it
    node          VARCHAR(255),
    -- the event store's head when the tokens were reset: the rebuild runs up to it
    head          BIGINT,
    -- per projection, the position the rebuild has reached
    progress      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    error         TEXT,
    finished_at   TIMESTAMPTZ
);

-- At most one replay requested or running at a time: a second request fails on this index (409).
CREATE UNIQUE INDEX projection_replay_one_active ON projection_replay ((true))
    WHERE state IN ('requested', 'running');

-- The query-service nodes alive now (each writes its heartbeat): segments are shared among them.
CREATE TABLE query_node (
    node       VARCHAR(255) PRIMARY KEY,
    seen_at    TIMESTAMPTZ  NOT NULL
);
