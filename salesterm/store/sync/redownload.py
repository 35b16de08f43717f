"""A laptop whose cursor is below the hub's pruning horizon (store/sync/prune.py) cannot pull the
entries it missed: it re-downloads its share instead, after its outbox was pushed (engine.sync
pushes first, so nothing of its own is lost).

In one REPEATABLE READ transaction on the hub (one snapshot): the log's last number and every row
of every synced table this login reads (row-level security makes that its share). They are
applied on the replica in ONE write transaction like a pulled page (capture off, foreign keys
checked at commit): a row here that the hub's share does not hold is removed (the hub deleted it,
or it left the share; no tombstone is needed, so the hub prunes those too), every row written as
the hub holds it (an upsert), the cursor left where it was; then the cursor moves to the
snapshot's number, and the pull that follows brings what came after. Killed half-way, the replica
keeps its old cursor and re-downloads again at the next sync. Rows still named in the outbox (ops
the hub refused, or written during this sync) stay.
"""
from __future__ import annotations

from salesterm.store.sync import replica
from salesterm.store.sync.tables import excluded, synced_tables


def needed(cursor: int, horizon: int) -> bool:
    return horizon > 0 and cursor < horizon


def _gone(rows: list[tuple], present: set[str]) -> list[tuple[str, str]]:
    """(table, id) of the rows here the hub's share does not hold (children first), but those
    the outbox still names."""
    from salesterm.store.models import database

    there: dict[str, set[str]] = {}
    for _c, table, rid, *_rest in rows:
        there.setdefault(table, set()).add(rid)
    pending = set(database.execute_sql("SELECT tbl, row_id FROM sync_outbox").fetchall())
    here = set(database.get_tables())
    out = []
    for table in reversed(synced_tables()):
        if table not in present or table not in here:
            continue
        held = there.get(table, set())
        out += [(table, rid) for (rid,) in database.execute_sql(f'SELECT id FROM "{table}"').fetchall()
                if rid not in held and (table, rid) not in pending]
    return out


def run(conn, touched: set[str] | None = None) -> int:
    """Re-download this login's share; the rows written. The cursor ends at the snapshot's last
    log number."""
    import psycopg

    cursor = replica.site()["cursor"]
    before = conn.isolation_level
    conn.commit()
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT salesterm_sync_last_seq()")
            snap = int(cur.fetchone()[0])
            cur.execute("SELECT hlc FROM sync_hub WHERE id = 1")
            hub_hlc = cur.fetchone()[0]
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            present = {r[0] for r in cur.fetchall()}
            rows: list[tuple] = []
            for table in synced_tables():
                if table not in present:
                    continue
                cur.execute(f'SELECT id, to_jsonb(t) - %s::text[] FROM "{table}" t ORDER BY created_at, id',
                            [list(excluded(table))])
                rows += [(cursor, table, rid, "insert", fields, hub_hlc, "hub", "") for rid, fields in cur.fetchall()]
        conn.commit()
    finally:
        conn.isolation_level = before
    page = [(cursor, t, rid, "delete", {}, hub_hlc, "hub", "") for t, rid in _gone(rows, present)] + rows
    written = replica.apply_page(page, touched)
    replica.move_cursor(snap)
    return written
