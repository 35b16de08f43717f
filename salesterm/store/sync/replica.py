"""The replica's side of an exchange (the laptop's SQLite file, bound to store.models.database):
its site, the outbox, and applying a pulled page.

A pulled page is applied in ONE write transaction together with the cursor that follows it:
`sync_site.applying` is set for that transaction (the capture triggers skip), foreign keys are
checked at commit (a page may hold a child before its parent's later fields), receivables' `paid`
is recomputed in it, and migration 0007's triggers bump the search stamp. A process killed
mid-page leaves the page and the cursor as they were. The customer and collection summaries
(store/ledger/summary) are recomputed once after the last page (`refresh_derived`);
`derived_stale` marks a pull cut short before that, and the next pull rebuilds them all.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time

import peewee

from salesterm import clock
from salesterm.domain import hlc as hlc_mod
from salesterm.domain.errors import UserError
from salesterm.domain.sync_merge import Op
from salesterm.store.ledger import live_paid
from salesterm.store.models import database, new_id
from salesterm.store.sync import capture, derived
from salesterm.store.sync.tables import DERIVED_TABLES, for_sqlite, kind_of, synced_tables
from salesterm.store.transactions import write_transaction


def site() -> dict | None:
    row = database.execute_sql(
        "SELECT site, who, server, cursor, capture_version, last_sync, last_error FROM sync_site WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    keys = ("site", "who", "server", "cursor", "capture_version", "last_sync", "last_error")
    return dict(zip(keys, row, strict=True))


def pending_count() -> int:
    return database.execute_sql("SELECT COUNT(*) FROM sync_outbox").fetchone()[0]


def join(server: str, who: str) -> int:
    """Make this file a replica of SERVER: a site id, the capture triggers, and every row it
    already holds in the outbox (pushed by the first sync). Returns the rows queued."""
    with write_transaction():
        database.execute_sql("INSERT INTO sync_site (id, site, who, server) VALUES (1, ?, ?, ?)",
                             (new_id(), who, server))
        capture.install(database.obj)
        return capture.backfill(database.obj)


def leave_before_replacing() -> None:
    """Before the data is replaced (`demo --force`): refuse while changes wait to be pushed;
    else stop being a replica (triggers and site removed), so the replacement is never pushed."""
    if "sync_site" not in database.obj.get_tables() or site() is None:
        return
    count = pending_count()
    if count:
        raise UserError("sync.demo_outbox_not_empty", count=count)
    with write_transaction():
        capture.drop(database.obj)
        database.execute_sql("DELETE FROM sync_site")


def switch(server: str) -> None:
    """Follow another hub (the outbox is empty): download it from the start."""
    with write_transaction():
        database.execute_sql("UPDATE sync_site SET server = ?, cursor = 0 WHERE id = 1", (server,))


def set_who(who: str) -> None:
    with write_transaction():
        database.execute_sql("UPDATE sync_site SET who = ? WHERE id = 1", (who,))


def set_login(login: str, rep: str, role: str) -> None:
    """The team server login that syncs this replica, its rep and role (store/team/identity)."""
    with write_transaction():
        database.execute_sql("UPDATE sync_site SET login = ?, who = ?, role = ? WHERE id = 1", (login, rep, role))


def outbox(after: int, limit: int) -> list[tuple[int, Op]]:
    me = site()
    rows = database.execute_sql(
        f"SELECT n, op_id, tbl, row_id, kind, {capture.fields_sql(database)}, hlc, base_seq FROM sync_outbox o "
        "WHERE n > ? ORDER BY n LIMIT ?", (after, limit)).fetchall()
    return [(n, Op(op_id, tbl, row_id, kind, json.loads(fields or "{}"), h, int(base), me["site"], me["who"]))
            for n, op_id, tbl, row_id, kind, fields, h, base in rows]


def money_waiting() -> dict[str, int]:
    """Customer id -> the outbox number of the last pending op that says where their money goes:
    an allocation of their payment (insert), or a merge of their file (its `customer_merge`
    insert, the merge's last op). engine.push has the hub hold its own settling of their money
    (the spread of their credit, an allocation it would cancel as astray) until that op is
    pushed: a later batch brings the laptop's decision, or the rest of a merge whose moves the
    batches split (a bill moved to the survivor, its payment not yet). The files merged into
    such a customer here count too: the hub holds them apart until the merge reaches it."""
    return dict(database.execute_sql(
        "WITH RECURSIVE waiting(customer_id, n) AS ("
        "SELECT p.customer_id, o.n FROM sync_outbox o JOIN payment_allocation a ON a.id = o.row_id "
        "JOIN payment p ON p.id = a.payment_id WHERE o.tbl = 'payment_allocation' AND o.kind = 'insert' "
        "AND o.status = 'pending' "
        "UNION ALL SELECT m.survivor_id, o.n FROM sync_outbox o JOIN customer_merge m ON m.id = o.row_id "
        "WHERE o.tbl = 'customer_merge' AND o.kind = 'insert' AND o.status = 'pending' "
        "UNION ALL SELECT m.loser_id, o.n FROM sync_outbox o JOIN customer_merge m ON m.id = o.row_id "
        "WHERE o.tbl = 'customer_merge' AND o.kind = 'insert' AND o.status = 'pending'), "
        "files(customer_id, n, depth) AS (SELECT customer_id, n, 0 FROM waiting UNION "
        "SELECT m.id, files.n, files.depth + 1 FROM files JOIN customer m ON m.merged_into_id = files.customer_id "
        "WHERE files.depth < 64) "
        "SELECT customer_id, MAX(n) FROM files WHERE customer_id IS NOT NULL GROUP BY customer_id").fetchall())


def mark(answers: dict[str, tuple[str, str]]) -> None:
    """Take the ops the hub committed out of the outbox; keep the rejected with the reason."""
    done = [op_id for op_id, (status, _) in answers.items() if status in ("applied", "conflict")]
    with write_transaction():
        for start in range(0, len(done), 500):
            chunk = done[start:start + 500]
            database.execute_sql(f"DELETE FROM sync_outbox WHERE op_id IN ({', '.join('?' * len(chunk))})", chunk)
        for op_id, (status, reason) in answers.items():
            if status == "rejected":
                database.execute_sql("UPDATE sync_outbox SET status = 'rejected', reason = ? WHERE op_id = ?",
                                     (reason, op_id))


def _kinds(table: str, cache: dict) -> dict[str, str]:
    if table not in cache:
        cache[table] = {c: kind_of(t) for c, t in capture.columns(database.obj, table)}
    return cache[table]


def _customer_of(table: str, row_id: str, fields: dict, cols: dict, pending: _Pending) -> str | None:
    if table == "customer":
        return row_id
    if fields.get("customer_id"):
        return fields["customer_id"]
    if table == "payment_allocation" and fields.get("payment_id"):  # the payment is written (not pending)
        row = database.execute_sql("SELECT customer_id FROM payment WHERE id = ?", (fields["payment_id"],)).fetchone()
        if row:
            return row[0]
    if "customer_id" in cols:
        pending.flush()  # the row as written
        row = database.execute_sql(f'SELECT customer_id FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
        return row[0] if row else None
    if table == "payment_allocation":
        pending.flush()
        row = database.execute_sql("SELECT p.customer_id FROM payment_allocation a JOIN payment p "
                                   "ON p.id = a.payment_id WHERE a.id = ?", (row_id,)).fetchone()
        return row[0] if row else None
    return None


def _customer_before(table: str, row_id: str, cols: dict, pending: _Pending) -> str | None:
    """The customer a row names before a pulled entry moves it to another (a merge redirecting it)
    or deletes it: that customer's summaries are recomputed too, not only the new one's."""
    if table == "customer":
        return row_id
    if "customer_id" not in cols:
        return None
    pending.flush()
    row = database.execute_sql(f'SELECT customer_id FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
    return row[0] if row else None


_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")


def _write(sql: str, params, table: str, row_id: str, fields: dict, cols: dict):
    """Run one statement of a pulled entry. A unique value (a customer code, a receivable number)
    still held here by another row, whose own later entry moves it, is first set aside on that
    row (value~id): the hub holds every row's final value, so at the end of the pull none is left
    aside unless the row is this replica's own change not pushed yet."""
    for _ in range(4):
        try:
            return database.execute_sql(sql, params)
        except peewee.IntegrityError as exc:
            m = _UNIQUE.search(str(exc))
            names = [n.split(".", 1)[1] for n in m.group(1).split(", ")] if m else []
            if not names or "id" in names or any(n not in fields for n in names):
                raise
            where = " AND ".join(f'"{n}" = ?' for n in names)
            first = names[0]
            database.execute_sql(
                f'UPDATE "{table}" SET "{first}" = "{first}" || \'~\' || substr(id, 1, 8) WHERE {where} AND id <> ?',
                (*[for_sqlite(cols[n], fields[n]) for n in names], row_id))
    return database.execute_sql(sql, params)


class _Pending:
    """Consecutive pulled writes of one shape (table, kind, columns), sent with one executemany:
    a page of a first sync is thousands of rows of a few shapes. A run that breaks a unique
    constraint is sent again row by row through `_write` (upserts and updates: sending a row
    twice writes the same)."""

    def __init__(self):
        self.shape: tuple | None = None
        self.rows: list[tuple] = []
        self.meta: list[tuple] = []
        self.sql: dict[tuple, str] = {}

    def add(self, table: str, kind: str, names: tuple, params: tuple, meta: tuple) -> None:
        shape = (table, kind, names)
        if shape != self.shape:
            self.flush()
            self.shape = shape
            if shape not in self.sql:
                self.sql[shape] = _statement(*shape)
        self.rows.append(params)
        self.meta.append(meta)

    def flush(self) -> None:
        if not self.rows:
            return
        sql, rows, meta = self.sql[self.shape], self.rows, self.meta
        self.shape, self.rows, self.meta = None, [], []
        try:
            database.cursor().executemany(sql, rows)
        except sqlite3.IntegrityError:
            for params, (table, row_id, fields, cols) in zip(rows, meta, strict=True):
                _write(sql, params, table, row_id, fields, cols)


def _statement(table: str, kind: str, names: tuple) -> str:
    """An entry's write: an update of the fields (of a row that may be missing: then nothing), or
    an insert that updates the row when it is here already (an upsert by id)."""
    t = f'"{table}"'
    sets = ", ".join(f'"{c}" = ?' for c in names)
    if kind != "insert":
        return f"UPDATE {t} SET {sets} WHERE id = ?"
    quoted = "".join(f', "{c}"' for c in names)
    news = ", ".join(f'"{c}" = excluded."{c}"' for c in names)
    marks = ", ".join("?" * (len(names) + 1))
    return f"INSERT INTO {t} (id{quoted}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {news}"


def _apply_entry(table: str, row_id: str, kind: str, fields: dict, cols: dict, pending: _Pending) -> None:
    t = f'"{table}"'
    if not cols:
        return  # a table this replica does not have (a newer hub): skipped
    if kind != "delete":
        names = tuple(c for c in fields if c in cols and c != "id")
        if not names:
            if kind == "insert":
                pending.flush()
                database.execute_sql(f"INSERT OR IGNORE INTO {t} (id) VALUES (?)", (row_id,))
            return
        values = tuple(for_sqlite(cols[c], fields[c]) if cols[c] else fields[c] for c in names)
        params = (row_id, *values) if kind == "insert" else (*values, row_id)
        pending.add(table, "insert" if kind == "insert" else "update", names, params, (table, row_id, fields, cols))
        return
    pending.flush()
    if kind == "delete":
        if table == "customer":  # its derived summaries go with it (never synced: recomputed here)
            for summary in sorted(DERIVED_TABLES):
                database.execute_sql(f'DELETE FROM "{summary}" WHERE customer_id = ?', (row_id,))
        database.execute_sql(f"DELETE FROM {t} WHERE id = ?", (row_id,))


def _deal_of(table: str, row_id: str, fields: dict, pending: _Pending) -> str | None:
    if table == "deal":
        return row_id
    if fields.get("deal_id"):
        return fields["deal_id"]
    pending.flush()
    row = database.execute_sql("SELECT deal_id FROM deal_stage_change WHERE id = ?", (row_id,)).fetchone()
    return row[0] if row else None


def _rows(sql: str, params: list) -> list:
    cur = database.execute_sql(sql, params)
    return cur.fetchall() if cur.description else []


def apply_page(entries: list[tuple], touched: set[str] | None = None) -> int:
    """Apply pulled log ENTRIES and move the cursor past them, in one transaction; receivables'
    `paid` is recomputed in it, and the customers whose summaries need it go into TOUCHED (and
    `derived_stale` is set until `refresh_derived` has done them)."""
    if not entries:
        return 0
    cache: dict = {}
    customers: set[str] = set()
    deals: set[str] = set()
    synced = set(synced_tables())
    pending = _Pending()
    with write_transaction():
        database.execute_sql("PRAGMA defer_foreign_keys = ON")
        database.execute_sql("UPDATE sync_site SET applying = 1 WHERE id = 1")
        for _seq, table, row_id, kind, fields, _h, _site, _who in entries:
            if isinstance(fields, str):
                fields = json.loads(fields)
            if table not in synced:
                continue  # only what syncs is written, whatever a hub sends
            cols = _kinds(table, cache)
            if kind == "delete" or (kind == "update" and "customer_id" in fields and "customer_id" in cols):
                customers.add(_customer_before(table, row_id, cols, pending))  # it leaves that customer
            _apply_entry(table, row_id, kind, fields, cols, pending)
            changes = kind != "delete" and derived.changes_summaries(table, kind, fields)
            cid = _customer_of(table, row_id, fields, cols, pending) if changes else None
            if cid:
                customers.add(cid)
            if kind != "delete" and table in ("deal", "deal_stage_change"):
                deals.add(_deal_of(table, row_id, fields, pending))
        pending.flush()
        customers.discard(None)
        deals.discard(None)
        derived.deal_stages(_rows, "?", deals)  # a deal's stage follows its stage history
        ids = sorted(customers)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            live_paid.rebuild(database.execute_sql, f"customer_id IN ({marks})", chunk)
        if ids:
            database.execute_sql("UPDATE sync_site SET derived_stale = 1 WHERE id = 1")
        _receive(max(e[5] for e in entries))
        database.execute_sql("UPDATE sync_site SET applying = 0, cursor = ? WHERE id = 1", (entries[-1][0],))
    if touched is not None:
        touched.update(customers)
    return len(entries)


def move_cursor(upto: int) -> int:
    """Move the cursor on to UPTO (never back); the cursor afterwards."""
    with write_transaction():
        database.execute_sql("UPDATE sync_site SET cursor = ? WHERE id = 1 AND cursor < ?", (upto, upto))
    return int(site()["cursor"])


BULK = 500  # more customers than this: every summary is rebuilt in bulk


def derived_stale() -> bool:
    row = database.execute_sql("SELECT derived_stale FROM sync_site WHERE id = 1").fetchone()
    return bool(row and row[0])


def refresh_derived(customer_ids: set[str], *, everyone: bool = False) -> None:
    """After a pull: the customer and collection summaries of CUSTOMER_IDS (of EVERYONE when an
    earlier pull was cut short before its summaries were done, or when there are many), then
    `derived_stale` cleared."""
    from salesterm.store.ledger import summary

    if not customer_ids and not everyone:
        return
    with write_transaction():
        if everyone or len(customer_ids) > BULK:
            summary.refresh_all()
        else:
            ids = sorted(customer_ids)
            for start in range(0, len(ids), BULK):
                summary.refresh(ids[start:start + BULK])
        database.execute_sql("UPDATE sync_site SET derived_stale = 0 WHERE id = 1")


def _receive(remote: str) -> None:
    wall, count = database.execute_sql("SELECT hlc_wall, hlc_count FROM sync_site WHERE id = 1").fetchone()
    seen = hlc_mod.receive(hlc_mod.Clock(wall, count), hlc_mod.unpack(remote), time.time_ns() // 1_000_000)
    database.execute_sql("UPDATE sync_site SET hlc_wall = ?, hlc_count = ? WHERE id = 1", (seen.wall, seen.count))


def finished(error: str = "") -> None:
    with write_transaction():
        if error:
            database.execute_sql("UPDATE sync_site SET last_error = ? WHERE id = 1", (error,))
        else:
            database.execute_sql("UPDATE sync_site SET last_sync = ?, last_error = '' WHERE id = 1",
                                 (str(clock.now()),))


def discard_rejected(op_id: str) -> bool:
    """Drop one op the hub rejected from the outbox (the user chose to give it up); the local
    data keeps the change, and the next pull brings the hub's values of changed fields."""
    with write_transaction():
        cur = database.execute_sql("DELETE FROM sync_outbox WHERE op_id = ? AND status = 'rejected'", (op_id,))
        return bool(cur.rowcount)
