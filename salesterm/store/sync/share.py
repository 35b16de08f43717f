"""A laptop keeps its login's share: the customers the hub lets it see, and everything hanging off
them (store/team/policies.TABLES says how each table's rows belong to a customer).

Pulling the change log keeps a share up to date while it stays the same. When it changes (a
handover, a rep moved to another manager), `reconcile`, run at each sync after the push and before
the pull, for a login that row-level security limits:
- customers here that the hub no longer shows this login are removed here, with every row that
  hangs off them, inside one transaction with `sync_site.applying` set, so no delete is captured
  (nothing leaves the hub); a customer whose own insert still waits in the outbox stays;
- customers the hub shows and this replica lacks are downloaded whole, as they are now (the pull
  that follows brings whatever changed since), without moving the cursor.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from salesterm.domain import hlc as hlc_mod
from salesterm.store.models import database
from salesterm.store.sync import replica
from salesterm.store.sync.tables import CONFLICT_TABLE, DERIVED_TABLES, excluded, synced_tables
from salesterm.store.team.policies import ADMIN, TABLES
from salesterm.store.transactions import write_transaction

CHUNK = 500


@dataclass
class ShareChange:
    gained: int = 0  # customers downloaded
    lost: int = 0  # customers removed here
    rows: int = 0  # rows written or removed with them


def limited(conn) -> bool:
    """Whether row-level security limits this login on the hub (a rep's or manager's login on a
    team server); an admin, a superuser or a hub with no team policies sees everything."""
    with conn.cursor() as cur:
        cur.execute("SELECT CASE WHEN to_regprocedure('salesterm_visible_reps(text)') IS NULL "
                    "OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) OR r.rolsuper OR r.rolbypassrls "
                    "THEN false ELSE NOT pg_has_role(current_user, %s, 'MEMBER') END "
                    "FROM pg_roles r WHERE r.rolname = current_user", [ADMIN, ADMIN])
        row = cur.fetchone()
    conn.commit()
    return bool(row and row[0])


def _where(table: str, dialect: str) -> str | None:
    """The condition on TABLE's rows that belong to the customers in the parameter (a list)."""
    p = "= ANY(%s)" if dialect == "pg" else "IN (SELECT value FROM json_each(?))"
    if table == CONFLICT_TABLE:
        return None
    rule = TABLES.get(table)
    if rule is None or rule.kind in ("shared", "rep", "handover"):
        return None
    if rule.kind == "customer":
        return f"id {p}"
    if rule.kind in ("column", "note"):
        return f"customer_id {p}"
    if rule.kind in ("parent", "script_use"):
        return f"{rule.column} IN (SELECT id FROM {rule.parent} WHERE customer_id {p})"
    if rule.kind == "merge":
        return f"survivor_id {p} OR loser_id {p}"
    return None


def _params(where: str, ids, dialect: str) -> list:
    value = list(ids) if dialect == "pg" else json.dumps(list(ids))
    return [value] * where.count("%s" if dialect == "pg" else "?")


def reconcile(conn, touched: set[str] | None = None) -> ShareChange:
    """Remove what left the share, download what joined it; TOUCHED gets the customers downloaded
    (their summaries are derived: the pull recomputes them)."""
    change = ShareChange()
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM customer")
        there = {r[0] for r in cur.fetchall()}
    conn.commit()
    here = {r[0] for r in database.execute_sql("SELECT id FROM customer").fetchall()}
    waiting = {r[0] for r in database.execute_sql(
        "SELECT row_id FROM sync_outbox WHERE tbl = 'customer' AND kind = 'insert'").fetchall()}
    gone = sorted(here - there - waiting)
    new = sorted(there - here)
    for start in range(0, len(gone), CHUNK):
        change.rows += _remove(gone[start:start + CHUNK])
    change.lost = len(gone)
    if new and replica.site()["cursor"] > 0:  # a first pull brings the whole share from the log
        for start in range(0, len(new), CHUNK):
            change.rows += _download(conn, new[start:start + CHUNK], touched)
        change.gained = len(new)
    return change


def _remove(ids: list[str]) -> int:
    """Delete the customers IDS and their rows here, children first, capturing nothing."""
    removed = 0
    tables = [t for t in synced_tables() if t != CONFLICT_TABLE]
    with write_transaction():
        database.execute_sql("PRAGMA defer_foreign_keys = ON")
        database.execute_sql("UPDATE sync_site SET applying = 1 WHERE id = 1")
        for table in [*DERIVED_TABLES, "search_visit", *reversed(tables)]:
            derived = "customer_id IN (SELECT value FROM json_each(?))"
            where = _where(table, "sqlite") if table in synced_tables() else derived
            if where is None or table not in database.get_tables():
                continue
            cur = database.execute_sql(f'DELETE FROM "{table}" WHERE {where}', _params(where, ids, "sqlite"))
            removed += cur.rowcount or 0
        database.execute_sql("UPDATE sync_site SET applying = 0 WHERE id = 1")
    return removed


def _download(conn, ids: list[str], touched: set[str] | None) -> int:
    """The customers IDS and their rows as the hub holds them now, applied like pulled inserts
    (an upsert) with the cursor left where it is."""
    entries = []
    with conn.cursor() as cur:
        for table in synced_tables():
            where = _where(table, "pg")
            if where is None:
                continue
            cur.execute(f'SELECT id, to_jsonb(t) - %s::text[] FROM "{table}" t WHERE {where} ORDER BY created_at, id',
                        [list(excluded(table)), *_params(where, ids, "pg")])
            entries += [(table, rid, fields) for rid, fields in cur.fetchall()]
        cur.execute(f"SELECT id, to_jsonb(t) FROM {CONFLICT_TABLE} t WHERE id IN "
                    "(SELECT row_id FROM sync_log WHERE tbl = %s AND customer_id = ANY(%s))", [CONFLICT_TABLE, ids])
        entries += [(CONFLICT_TABLE, rid, fields) for rid, fields in cur.fetchall()]
    conn.commit()
    cursor = replica.site()["cursor"]
    page = [(cursor, t, rid, "insert", f, hlc_mod.ZERO, "hub", "") for t, rid, f in entries]
    return replica.apply_page(page, touched)
