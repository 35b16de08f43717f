-- The outbox lives on a replica only (SQLite): nothing to do on a hub. This file keeps the two
-- dialects at the same schema version (a sync compares them).
SELECT 1;
