"""Which schema versions may sync together: every exchange compares the laptop's schema version
with the hub's before anything moves.

- The same version: they sync.
- The laptop exactly one migration behind the hub (its version is the one the hub had before its
  last migration), and every synced table and column the laptop has still exists on the hub (the
  hub's last migration only added): they sync. The laptop's ops name only columns the hub has (a
  new column takes its default on the hub), and what it pulls of columns or tables it does not
  have yet is left out (store/sync/replica). `sync` warns that the laptop should be upgraded.
- Older than that, or a last migration that dropped or renamed something the laptop writes: the
  sync is refused with "upgrade salesterm"; nothing has moved, so the outbox is kept whole.
- A laptop newer than the hub: refused ("run server init with this salesterm").
"""
from __future__ import annotations

from salesterm.domain.errors import UserError
from salesterm.store.sync import capture
from salesterm.store.sync.tables import synced_tables


def hub_versions(cur) -> list[int]:
    """The hub's applied schema versions, newest first."""
    cur.execute("SELECT version FROM schema_version ORDER BY version DESC LIMIT 2")
    return [int(r[0]) for r in cur.fetchall()]


def missing_on_hub(local_db, hub_columns: dict[str, dict[str, str]]) -> list[str]:
    """The synced tables and columns (table.column) this replica has and the hub does not."""
    missing = []
    for table in synced_tables():
        here = [c for c, _ in capture.columns(local_db, table)]
        if not here:
            continue
        there = hub_columns.get(table)
        if there is None:
            missing.append(table)
            continue
        missing += [f"{table}.{c}" for c in here if c not in there]
    return missing


def check(cur, local_db, ours: int, hub_columns) -> int:
    """Refuse a laptop the hub cannot take (UserError); return how many versions the hub is
    ahead (0 or 1)."""
    versions = hub_versions(cur) or [0]
    theirs = versions[0]
    if theirs == ours:
        return 0
    if theirs < ours:
        raise UserError("sync.hub_older", ours=ours, theirs=theirs)
    one_behind = len(versions) > 1 and versions[1] == ours
    if not one_behind or missing_on_hub(local_db, hub_columns(cur)):
        raise UserError("sync.replica_older", ours=ours, theirs=theirs)
    return 1
