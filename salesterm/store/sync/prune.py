"""Pruning the hub's change log (`salesterm server prune URL [--keep-days N]`).

Entries appended more than N days ago (sync_log.logged_at) are removed up to a **horizon**: the
last such number, recorded in sync_hub.horizon. What a laptop needs to catch up from an old cursor
is kept:
- deletes, as **tombstones** (a re-download removes what the hub deleted since its cursor);
- every entry of a conflict record (a login's right to read a record follows its log entry);
- the log's last entry, whatever it is: every writer numbers max(seq) + 1, so the numbers go on
  above the horizon and never restart.
Per-field clocks (sync_clock) and applied ops (sync_applied) stay, so a late push still merges
and is still answered once. A laptop whose cursor is below the horizon cannot pull the entries it
missed: at its next sync it pushes its outbox first, then re-downloads its share as the hub holds
it now (store/sync/redownload.py).
"""
from __future__ import annotations

from salesterm.store.sync.hub_schema import LOG_LOCK
from salesterm.store.sync.tables import CONFLICT_TABLE

DEFAULT_KEEP_DAYS = 90


def horizon(conn) -> int:
    """The last log number pruned (0: never)."""
    with conn.cursor() as cur:
        cur.execute("SELECT horizon FROM sync_hub WHERE id = 1")
        row = cur.fetchone()
    conn.commit()
    return int(row[0]) if row else 0


def prune(conn, keep_days: int = DEFAULT_KEEP_DAYS) -> dict:
    """Remove the entries older than KEEP_DAYS days but the tombstones and conflict records;
    {"horizon", "removed", "tombstones", "kept"} (tombstones: those at or below the horizon;
    kept: entries left in the log)."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOG_LOCK])
        cur.execute("SELECT horizon FROM sync_hub WHERE id = 1")
        old = int(cur.fetchone()[0])
        cur.execute("SELECT coalesce(max(seq), 0) FROM sync_log "
                    "WHERE logged_at < now() - make_interval(days => %s)", [int(keep_days)])
        new = max(old, int(cur.fetchone()[0]))
        cur.execute("DELETE FROM sync_log WHERE seq <= %s AND kind <> 'delete' AND tbl <> %s "
                    "AND seq < (SELECT max(seq) FROM sync_log)", [new, CONFLICT_TABLE])
        removed = cur.rowcount or 0
        cur.execute("UPDATE sync_hub SET horizon = %s, pruned_at = now() WHERE id = 1", [new])
        cur.execute("SELECT count(*) FILTER (WHERE seq <= %s AND kind = 'delete'), count(*) FROM sync_log", [new])
        tombstones, kept = cur.fetchone()
    return {"horizon": new, "removed": removed, "tombstones": int(tombstones), "kept": int(kept)}
