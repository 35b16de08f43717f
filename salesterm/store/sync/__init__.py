"""Team sync (issue 12): a laptop's SQLite replica and the team's PostgreSQL hub.

- `tables`     which tables and columns sync, and how a value is written on either side
- `capture`    the replica's capture triggers into `sync_outbox`, and the first sync's backfill
- `hub_schema` `server init`: the hub's capture trigger, its installation and backfill
- `hub`        the hub's side of an exchange: push (per-field merge, idempotent) and pull pages
- `replica`    the replica's side: the outbox, applying a pulled page with its cursor, derived figures
- `engine`     one `sync`: join, push in batches, pull in pages
- `conflicts`  conflict records: list, resolve as an ordinary edit

The rest of store never imports this package (import-linter: pyproject.toml).
"""
