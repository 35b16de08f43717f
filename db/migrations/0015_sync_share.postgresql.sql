-- Sync by share (issues 12 + 13): each change log entry knows the customer its row belongs to
-- (filled by the trigger store/sync/share_sql.py installs on sync_log, from store/team/policies.TABLES;
-- NULL for shared and rep-owned tables), so row-level security lets a login read only the entries
-- of the customers it can see. sync_login: who is in sync, one row per login and laptop (site).
ALTER TABLE sync_log ADD COLUMN customer_id TEXT;
CREATE INDEX sync_log_customer ON sync_log (customer_id, seq);
CREATE TABLE sync_login (
    login TEXT NOT NULL,
    site TEXT NOT NULL,
    last_sync_at TIMESTAMP NOT NULL,
    last_push_at TIMESTAMP,
    pushed BIGINT NOT NULL DEFAULT 0,
    last_pushed INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0,
    version TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (login, site)
);
