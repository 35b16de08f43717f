-- Team sync, the hub's side. Created on every PostgreSQL database (empty and unused) and put to
-- work by `salesterm server init`, which installs the capture triggers (store/sync/hub_schema.py).
-- sync_hub: one row, the hub's hybrid logical clock (text 'WWWWWWWWWWWWWWW-CCCCCC').
CREATE TABLE sync_hub (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hlc TEXT NOT NULL DEFAULT '000000000000000-000000',
    initialised_at TIMESTAMP
);
-- The change log, numbered in commit order: every writer that appends holds the transaction-level
-- advisory lock store/sync/hub_schema.LOG_LOCK until it commits, and numbers max(seq) + 1.
CREATE TABLE sync_log (
    seq BIGINT PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fields JSONB NOT NULL,
    hlc TEXT NOT NULL,
    site TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    op_id TEXT
);
CREATE INDEX sync_log_row ON sync_log (tbl, row_id, seq);
-- Per-field clocks: who last changed each field, at which clock and server sequence.
CREATE TABLE sync_clock (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc TEXT NOT NULL,
    site TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    seq BIGINT NOT NULL,
    PRIMARY KEY (tbl, row_id, field)
);
-- Pushed operations the hub has committed (applied or conflict): a repeated push answers from here.
CREATE TABLE sync_applied (
    op_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    seq BIGINT,
    applied_at TIMESTAMP NOT NULL DEFAULT now()
);
