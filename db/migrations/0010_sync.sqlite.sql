-- Team sync, the replica's side (a laptop's SQLite file). One row of sync_site once the replica
-- has joined a hub: its site id, the hub, the pull cursor (every hub change at or below it is
-- applied here), the hybrid logical clock, and `applying`, which is 1 only inside the transaction
-- that applies a pulled page: the capture triggers (store/sync/capture.py) check it in WHEN.
-- derived_stale: pulled pages were applied whose customers' summaries are not recomputed yet.
CREATE TABLE sync_site (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    site TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    server TEXT NOT NULL DEFAULT '',
    cursor BIGINT NOT NULL DEFAULT 0,
    applying INTEGER NOT NULL DEFAULT 0,
    hlc_wall BIGINT NOT NULL DEFAULT 0,
    hlc_count INTEGER NOT NULL DEFAULT 0,
    capture_version INTEGER NOT NULL DEFAULT 0,
    last_sync TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    derived_stale INTEGER NOT NULL DEFAULT 0
);
-- Every local change not yet on the hub, in the order it was written. fields: JSON object of the
-- changed columns and their new values; base_seq: the cursor when it was written (the hub's
-- changes at or below it had been seen). status: pending, or rejected with the hub's reason.
CREATE TABLE sync_outbox (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    hlc TEXT NOT NULL,
    base_seq BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending',
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
