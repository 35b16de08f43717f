-- Team sync in the TUI: the outbox keeps, for an update, the values its changed fields had before
-- (JSON object like `fields`), so the outbox view shows old -> new. Written by the capture triggers
-- (store/sync/capture.py), made again at the next open after this upgrade; never pushed.
ALTER TABLE sync_outbox ADD COLUMN old TEXT;
