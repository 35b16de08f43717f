-- 0017 changes only a laptop's replica (0017_replica_identity.sqlite.sql): a hub and its
-- replicas sync at the same schema version, so the hub counts this version too.
SELECT 1;
