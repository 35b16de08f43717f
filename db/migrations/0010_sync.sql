-- Team sync (issue 12): conflict records, on the hub and on every replica alike. A conflict is
-- an ordinary synced row: the hub writes it when two replicas changed one field to different
-- values, replicas pull it, and resolving it (status = 'resolved') is pushed like any edit.
CREATE TABLE sync_conflict (
    id TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    base TEXT,
    mine TEXT,
    theirs TEXT,
    mine_by TEXT NOT NULL DEFAULT '',
    theirs_by TEXT NOT NULL DEFAULT '',
    mine_at TEXT NOT NULL DEFAULT '',
    theirs_at TEXT NOT NULL DEFAULT '',
    kept TEXT NOT NULL DEFAULT 'theirs',
    status TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX sync_conflict_open ON sync_conflict (status, tbl, row_id);
