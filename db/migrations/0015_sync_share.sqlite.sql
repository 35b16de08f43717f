-- Sync by share: a replica looks up which of its customers still wait in the outbox (a customer
-- the hub does not show this login is removed at sync only when nothing of it is still to push).
CREATE INDEX sync_outbox_row ON sync_outbox (tbl, row_id);
