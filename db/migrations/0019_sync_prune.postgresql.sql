-- Log pruning (issue 12): `salesterm server prune` drops change-log entries older than a number
-- of days up to a horizon (store/sync/prune.py). sync_log.logged_at: when the hub appended the
-- entry (entries written before this migration count from the migration). sync_hub.horizon: the
-- last number pruned; a laptop whose cursor is below it re-downloads its share.
ALTER TABLE sync_log ADD COLUMN logged_at TIMESTAMP NOT NULL DEFAULT now();
CREATE INDEX sync_log_logged_at ON sync_log (logged_at);
ALTER TABLE sync_hub ADD COLUMN horizon BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sync_hub ADD COLUMN pruned_at TIMESTAMP;
