"""A laptop whose cursor is below the hub's pruning horizon (store/sync/prune.py) cannot pull the
entries it missed: it re-downloads its share instead, after its outbox was pushed (engine.sync
pushes first, so nothing of its own is lost).

In one REPEATABLE READ transaction on the hub (one snapshot): the log's last number, the tombstones
(deletes) above the cursor, and every row of every synced table this login reads (row-level
security makes that its share). They are applied on the replica in ONE write transaction like a
pulled page (capture off, foreign keys checked at commit): the deleted rows removed, every row
written as the hub holds it (an upsert), the cursor left where it was; then the cursor moves to the
snapshot's number, and the pull that follows brings what came after. Killed half-way, the replica
keeps its old cursor and re-downloads again at the next sync. Rows of this laptop the hub refused
(rejected ops still in the outbox) stay: only what the hub deleted is removed.
"""
from __future__ import annotations

from salesterm.store.sync import replica
from salesterm.store.sync.tables import excluded, synced_tables


def needed(cursor: int, horizon: int) -> bool:
    return horizon > 0 and cursor < horizon


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
            cur.execute("SELECT seq, tbl, row_id, kind, fields, hlc, site, who FROM sync_log "
                        "WHERE seq > %s AND seq <= %s AND kind = 'delete' ORDER BY seq", [cursor, snap])
            page = [(cursor, *e[1:]) for e in cur.fetchall()]
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            present = {r[0] for r in cur.fetchall()}
            for table in synced_tables():
                if table not in present:
                    continue
                cur.execute(f'SELECT id, to_jsonb(t) - %s::text[] FROM "{table}" t ORDER BY created_at, id',
                            [list(excluded(table))])
                page += [(cursor, table, rid, "insert", fields, hub_hlc, "hub", "") for rid, fields in cur.fetchall()]
        conn.commit()
    finally:
        conn.isolation_level = before
    written = replica.apply_page(page, touched)
    replica.move_cursor(snap)
    return written
