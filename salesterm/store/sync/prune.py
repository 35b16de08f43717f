"""Pruning the hub's change log (`salesterm server prune URL [--keep-days N]`).

Entries appended more than N days ago (sync_log.logged_at) are removed up to a **horizon**: the
last such number, recorded in sync_hub.horizon. Deletes go too (**tombstones** older than the
retention: they were kept for ever until issue 12's last round, and the log of a team that
deletes grew without end). What is kept:
- every entry of a conflict record (a login's right to read a record follows its log entry);
- the log's last entry, whatever it is: every writer numbers max(seq) + 1, so the numbers go on
  above the horizon and never restart.
Per-field clocks (sync_clock) and applied ops (sync_applied) stay, so a late push still merges
and is still answered once. A laptop whose cursor is below the horizon cannot pull the entries it
missed: at its next sync it pushes its outbox first, then re-downloads its share as the hub holds
it now, and drops what the hub no longer has (store/sync/redownload.py: no tombstone needed).
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
    """Remove the entries older than KEEP_DAYS days but the conflict records; {"horizon",
    "removed", "tombstones", "kept"} (tombstones: the deletes among those removed; kept: entries
    left in the log)."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOG_LOCK])
        cur.execute("SELECT horizon FROM sync_hub WHERE id = 1")
        old = int(cur.fetchone()[0])
        cur.execute("SELECT coalesce(max(seq), 0) FROM sync_log "
                    "WHERE logged_at < now() - make_interval(days => %s)", [int(keep_days)])
        new = max(old, int(cur.fetchone()[0]))
        cur.execute("WITH gone AS (DELETE FROM sync_log WHERE seq <= %s AND tbl <> %s "
                    "AND seq < (SELECT max(seq) FROM sync_log) RETURNING kind) "
                    "SELECT count(*), count(*) FILTER (WHERE kind = 'delete') FROM gone", [new, CONFLICT_TABLE])
        removed, tombstones = cur.fetchone()
        cur.execute("UPDATE sync_hub SET horizon = %s, pruned_at = now() WHERE id = 1", [new])
        cur.execute("SELECT count(*) FROM sync_log")
        kept = cur.fetchone()[0]
    return {"horizon": new, "removed": int(removed), "tombstones": int(tombstones), "kept": int(kept)}
