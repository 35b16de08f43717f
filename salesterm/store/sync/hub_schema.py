"""`salesterm server init`: make a PostgreSQL database the team's hub.

The migrations create the hub's tables (0010_sync.postgresql.sql: sync_hub, sync_log,
sync_clock, sync_applied). This module installs what depends on the tables present: one capture
trigger function and a trigger on every synced table, so that a write made on the hub directly
(`--db postgresql://...`, an import run on the server) enters the change log like a pushed one;
and, once, the backfill: every row already on the server gets an insert entry in the log.

Every writer that appends to sync_log (this trigger, a push, the backfill) first takes the
transaction-level advisory lock LOG_LOCK and numbers max(seq) + 1: appends are serialised until
commit, so sequence numbers are in commit order and a reader never sees a gap fill in later.
A push sets `salesterm.sync_applying` for its transaction and writes the log itself.
"""
from __future__ import annotations

from salesterm.domain import hlc as hlc_mod
from salesterm.store.sync import share_sql
from salesterm.store.sync.tables import excluded, parents_first, synced_tables
from salesterm.store.transactions import retrying

LOG_LOCK = 0x5A1E_5C05_7000_0012  # "salesterm sync log" in a bigint

CAPTURE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION salesterm_sync_capture() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    n jsonb; o jsonb; diff jsonb; s bigint; h text; now_h text; rid text;
BEGIN
    IF coalesce(current_setting('salesterm.sync_applying', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        rid := OLD.id; diff := '{{}}'::jsonb;
    ELSE
        rid := NEW.id;
        n := to_jsonb(NEW) - TG_ARGV;
        IF TG_OP = 'INSERT' THEN
            diff := n;
        ELSE
            o := to_jsonb(OLD);
            SELECT coalesce(jsonb_object_agg(e.key, e.value), '{{}}'::jsonb) INTO diff
              FROM jsonb_each(n) e WHERE (o -> e.key) IS DISTINCT FROM e.value;
            -- a write of updated_at alone is a change (a "touch"), but not beside a derived
            -- column (TG_ARGV: a receivable's paid), whose recompute leaves the stamp alone
            IF diff = '{{}}'::jsonb OR (diff - 'updated_at' = '{{}}'::jsonb AND EXISTS (
                    SELECT 1 FROM unnest(TG_ARGV) a WHERE (to_jsonb(NEW) -> a) IS DISTINCT FROM (o -> a))) THEN
                RETURN NULL;
            END IF;
        END IF;
    END IF;
    PERFORM pg_advisory_xact_lock({LOG_LOCK});
    now_h := lpad(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text, 15, '0') || '-000000';
    UPDATE sync_hub SET hlc = CASE
        WHEN now_h > hlc THEN now_h
        WHEN right(hlc, 6)::int >= 999999 THEN lpad((left(hlc, 15)::bigint + 1)::text, 15, '0') || '-000000'
        ELSE left(hlc, 15) || '-' || lpad((right(hlc, 6)::int + 1)::text, 6, '0') END
      WHERE id = 1 RETURNING hlc INTO h;
    SELECT coalesce(max(seq), 0) + 1 INTO s FROM sync_log;
    INSERT INTO sync_log (seq, tbl, row_id, kind, fields, hlc, site, who, customer_id)
      VALUES (s, TG_TABLE_NAME, rid, lower(TG_OP), diff, h, 'hub', session_user,
              CASE WHEN TG_OP = 'DELETE' THEN salesterm_sync_customer_of(TG_TABLE_NAME, rid, to_jsonb(OLD)) END);
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO sync_clock (tbl, row_id, field, hlc, site, who, seq)
          SELECT TG_TABLE_NAME, rid, e.key, h, 'hub', session_user, s FROM jsonb_each(diff) e
          ON CONFLICT (tbl, row_id, field) DO UPDATE
            SET hlc = EXCLUDED.hlc, site = EXCLUDED.site, who = EXCLUDED.who, seq = EXCLUDED.seq;
    END IF;
    RETURN NULL;
END $$
"""


def tables_present(cur) -> set[str]:
    cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
    return {r[0] for r in cur.fetchall()}


@retrying  # autovacuum of a table it alters may deadlock with it: run again
def install(conn) -> dict:
    """Install (or renew) the capture on the hub and backfill the log once; in one transaction.
    Returns {"tables": n, "backfilled": rows}."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOG_LOCK])
        cur.execute(CAPTURE_FUNCTION)
        present = tables_present(cur)
        share_sql.install(cur)  # each entry's customer (a login reads its share), who is in sync
        tables = [t for t in synced_tables() if t in present]
        for t in tables:
            args = ", ".join(f"'{c}'" for c in excluded(t)) or "'-'"
            cur.execute(f'DROP TRIGGER IF EXISTS salesterm_sync ON "{t}"')
            cur.execute(f'CREATE TRIGGER salesterm_sync AFTER INSERT OR UPDATE OR DELETE ON "{t}" '
                        f'FOR EACH ROW EXECUTE FUNCTION salesterm_sync_capture({args})')
        cur.execute("INSERT INTO sync_hub (id, hlc) VALUES (1, %s) ON CONFLICT (id) DO NOTHING", [hlc_mod.ZERO])
        cur.execute("SELECT initialised_at FROM sync_hub WHERE id = 1")
        backfilled = 0 if cur.fetchone()[0] is not None else _backfill(cur, tables)
        cur.execute("UPDATE sync_hub SET initialised_at = coalesce(initialised_at, now()) WHERE id = 1")
    return {"tables": len(tables), "backfilled": backfilled}


def _backfill(cur, tables: list[str]) -> int:
    """An insert entry in the log for every row the server already holds (a team's data from
    before `server init`), so replicas download it like any other change."""
    total = 0
    for t in tables:
        args = [list(excluded(t))]
        cte, join, first = parents_first(t, "x")
        cur.execute(
            f"{cte}INSERT INTO sync_log (seq, tbl, row_id, kind, fields, hlc, site, who) "
            f"SELECT (SELECT coalesce(max(seq), 0) FROM sync_log) + row_number() OVER (ORDER BY {first}x.created_at, "
            f"x.id), %s, x.id, 'insert', to_jsonb(x) - %s::text[], (SELECT hlc FROM sync_hub WHERE id = 1), 'hub', "
            f"session_user FROM \"{t}\" x{join}", [t, *args])
        total += cur.rowcount or 0
    return total


def is_hub(cur) -> bool:
    cur.execute("SELECT to_regclass('sync_hub') IS NOT NULL")
    if not cur.fetchone()[0]:
        return False
    cur.execute("SELECT initialised_at IS NOT NULL FROM sync_hub WHERE id = 1")
    row = cur.fetchone()
    return bool(row and row[0])
