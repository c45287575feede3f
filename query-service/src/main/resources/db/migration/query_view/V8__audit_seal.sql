-- Sealed digests (docs/AUDIT.md, Seals): the ledger's digest at a settled position, signed with the
-- sealing key. Not a view: no replay clears it, and rows are only ever added. Each seal names the
-- hash of the previous one's signature, so a seal removed from the middle breaks the sequence.
CREATE TABLE audit_seal (
    seq          BIGINT       PRIMARY KEY,
    position     BIGINT       NOT NULL,
    digest       CHAR(64)     NOT NULL,
    events       BIGINT       NOT NULL,
    aggregates   BIGINT       NOT NULL,
    sealed_at    VARCHAR(40)  NOT NULL,
    key_id       VARCHAR(64)  NOT NULL,
    previous     CHAR(64)     NOT NULL,
    signature    TEXT         NOT NULL
);
