-- The hub's own SQL follows the salesterm that upgrades it (issue 12): sync_hub.functions holds the
-- fingerprint of the capture function and triggers, the share functions and the team's audit
-- trigger and policies as the last `server init` or upgrade installed them; a newer salesterm
-- opening or syncing with the hub as its owner installs its own when they differ
-- (store/sync/hub_upgrade.py). '' on a hub made before: the first such open renews them.
ALTER TABLE sync_hub ADD COLUMN functions TEXT NOT NULL DEFAULT '';
