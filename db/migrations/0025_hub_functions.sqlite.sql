-- 0025 changes only the hub (0025_hub_functions.postgresql.sql): a hub and its replicas sync at the
-- same schema version, so a replica counts this version too (and, opened after the upgrade, makes
-- its capture triggers again: store/sync/capture.after_open).
SELECT 1;
