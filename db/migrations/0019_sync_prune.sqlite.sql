-- 0020 changes only the hub (0020_sync_prune.postgresql.sql): a hub and its replicas sync at the
-- same schema version, so a replica counts this version too.
SELECT 1;
