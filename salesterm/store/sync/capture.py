"""The replica's change capture: SQLite triggers on every synced table write each local change
to `sync_outbox` (op id, table, row id, the changed fields with their new values and, for an
update, their old values (`old`, for the outbox view only), the hybrid logical clock, the cursor
the change was based on). They are skipped while a pulled page is
applied (`sync_site.applying`, checked in each trigger's WHEN).

The triggers are generated from the tables' columns (PRAGMA table_info), so a migration that adds
a column is followed by `install()` again: `ensure()` re-installs whenever the schema version
(or the triggers' own shape, `SHAPE`) differs from the one they were made for (every `sync`
calls it). The clock the triggers write is `domain.hlc.tick` in SQL: the wall time in
milliseconds, or the last clock plus one.

An insert captured in bulk (an import's rows: `bulk_insert`, `write_ranges`) is written with its
fields deferred (`fields = ''`): its values are the row's own until the row changes, so they are
read from the row when the outbox is read (`fields_sql`), and two BEFORE triggers per table
(`sync_fu_`, `sync_fd_`) write them into the op just before the row's first update or deletion,
whatever writes it (a pull applying a page included). The op holds the same values either way;
an import of 100k customers then writes 200k short outbox rows instead of 250 MB of JSON (the way
cr-sqlite reads a change's values from the table when a changeset is asked for).
"""
from __future__ import annotations

import json
import os

import peewee

from salesterm.store import bulk_capture, migrations
from salesterm.store.sync.tables import backfill_order, excluded, parents_first, synced_tables

NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
TICK = (
    f"UPDATE sync_site SET "
    f"hlc_count = CASE WHEN {NOW_MS} > hlc_wall THEN 0 WHEN hlc_count >= 999999 THEN 0 ELSE hlc_count + 1 END, "
    f"hlc_wall = CASE WHEN {NOW_MS} > hlc_wall THEN {NOW_MS} WHEN hlc_count >= 999999 THEN hlc_wall + 1 "
    f"ELSE hlc_wall END WHERE id = 1"
)
HLC = "printf('%015d-%06d', hlc_wall, hlc_count)"
STAMP = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
ACTIVE = "(SELECT applying FROM sync_site WHERE id = 1) = 0"
DEFERRED = "''"  # an insert op's fields, not written yet: the row's values (see the module)


def columns(db: peewee.Database, table: str) -> list[tuple[str, str]]:
    """(name, declared type) of TABLE's columns; [] when the table does not exist."""
    return [(r[1], r[2]) for r in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _captured(db, table: str) -> list[str]:
    return [c for c, _ in columns(db, table) if c not in excluded(table)]


def _json_object(cols: list[str], alias: str) -> str:
    return "json_object(" + ", ".join(f"'{c}', {alias}.{_q(c)}" for c in cols) + ")"


def _changed(db, table: str, column: str) -> str:
    """When an update counts as a change of COLUMN. A write of `updated_at` alone (a form saved
    unchanged, a "touch") is one: the stamp ranks the customer in search and dates a script, so
    it syncs like any field. Not when a derived column moved with it (a receivable's `paid`,
    recomputed on each side, which leaves the stamp alone there)."""
    same = "".join(f" AND OLD.{_q(d)} IS NEW.{_q(d)}" for d in excluded(table)
                   if d in {c for c, _ in columns(db, table)}) if column == "updated_at" else ""
    return f"(OLD.{_q(column)} IS NOT NEW.{_q(column)}{same})"


def trigger_sql(db, table: str) -> list[str]:
    cols = _captured(db, table)
    if not cols:
        return []
    t = _q(table)
    insert_op = (f"INSERT INTO sync_outbox (op_id, tbl, row_id, kind, fields, old, hlc, base_seq, created_at) "
                 f"SELECT lower(hex(randomblob(16))), '{table}', {{row}}.id, '{{kind}}', {{fields}}, {{old}}, {HLC}, "
                 f"cursor, {STAMP} FROM sync_site WHERE id = 1")
    changed = [c for c in cols if c != "id"]
    diff = " UNION ALL ".join(f"SELECT '{c}' AS k, NEW.{_q(c)} AS v, OLD.{_q(c)} AS o "
                              f"WHERE OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in changed)
    any_change = " OR ".join(_changed(db, table, c) for c in changed) or "0"
    return [
        f"CREATE TRIGGER sync_i_{table} AFTER INSERT ON {t} WHEN {ACTIVE} BEGIN {TICK}; "
        + insert_op.format(row="NEW", kind="insert", fields=_json_object(cols, "NEW"), old="NULL") + "; END",
        f"CREATE TRIGGER sync_u_{table} AFTER UPDATE ON {t} WHEN {ACTIVE} AND ({any_change}) BEGIN {TICK}; "
        + insert_op.format(row="NEW", kind="update", fields=f"(SELECT json_group_object(k, v) FROM ({diff}))",
                           old=f"(SELECT json_group_object(k, o) FROM ({diff}))") + "; END",
        f"CREATE TRIGGER sync_d_{table} AFTER DELETE ON {t} WHEN {ACTIVE} BEGIN {TICK}; "
        + insert_op.format(row="OLD", kind="delete", fields="'{}'", old="NULL") + "; END",
        *(f"CREATE TRIGGER sync_f{k}_{table} BEFORE {event} ON {t} BEGIN UPDATE sync_outbox SET fields = "
          f"{_json_object(cols, 'OLD')} WHERE tbl = '{table}' AND row_id = OLD.id AND fields = {DEFERRED}; END"
          for k, event in (("u", "UPDATE"), ("d", "DELETE"))),
    ]


def fields_sql(db, alias: str = "o") -> str:
    """SQL for the fields of the outbox row ALIAS: as written, or for an insert whose fields are
    deferred, the row's values now (the same: see the module)."""
    cases = " ".join(f"WHEN '{table}' THEN (SELECT {_json_object(cols, 't')} FROM {_q(table)} t "
                     f"WHERE t.id = {alias}.row_id)" for table in synced_tables() if (cols := _captured(db, table)))
    return f"(CASE WHEN {alias}.fields <> {DEFERRED} THEN {alias}.fields ELSE CASE {alias}.tbl {cases} END END)"


def drop(db) -> None:
    for (name,) in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
            "(name LIKE 'sync\\_i\\_%' ESCAPE '\\' OR name LIKE 'sync\\_u\\_%' ESCAPE '\\' "
            "OR name LIKE 'sync\\_d\\_%' ESCAPE '\\' OR name LIKE 'sync\\_fu\\_%' ESCAPE '\\' "
            "OR name LIKE 'sync\\_fd\\_%' ESCAPE '\\')").fetchall():
        db.execute_sql(f"DROP TRIGGER IF EXISTS {_q(name)}")


def install(db) -> None:
    """(Re)create the capture triggers of every synced table, in the caller's transaction."""
    drop(db)
    for table in synced_tables():
        for stmt in trigger_sql(db, table):
            db.execute_sql(stmt)
    db.execute_sql(f"UPDATE sync_site SET capture_version = {db.param} WHERE id = 1", (_made_for(db),))


SHAPE = 1  # the triggers' own version, made again when it changes: 1 = with sync_fu_/sync_fd_


def _made_for(db) -> int:
    """What `capture_version` holds once the triggers are made: the schema and the triggers' shape."""
    return migrations.current_version(db) * 100 + SHAPE


def ensure(db) -> None:
    """Install the triggers again when the schema (or their shape) changed since they were made."""
    row = db.execute_sql("SELECT capture_version FROM sync_site WHERE id = 1").fetchone()
    if row is not None and row[0] != _made_for(db):
        install(db)


def after_open(db) -> None:
    """Called where the app and the commands open a database: on a replica whose schema was
    upgraded since its triggers were made, make them again at once (so a new column's edits are
    captured from the first one). On a PostgreSQL hub, its own functions and triggers as this
    salesterm makes them (store/sync/hub_upgrade). Nothing on a file that never joined a team."""
    if not isinstance(db, peewee.SqliteDatabase):
        from salesterm.store.sync import hub_upgrade

        hub_upgrade.after_open(db)
        return
    if "sync_site" not in db.get_tables():
        return
    row = db.execute_sql("SELECT capture_version FROM sync_site WHERE id = 1").fetchone()
    if row is not None and row[0] != _made_for(db):
        with db.atomic("IMMEDIATE"):
            install(db)


def backfill(db) -> int:
    """Write every row this replica already holds to the outbox as an insert (a first sync
    pushes what was typed or imported before the replica joined), in tables.backfill_order.
    Returns the ops written."""
    db.execute_sql(TICK)
    before = db.execute_sql("SELECT COUNT(*) FROM sync_outbox").fetchone()[0]
    for table, rows in backfill_order():
        cols = _captured(db, table)
        if not cols:
            continue
        cte, join, first = parents_first(table, "t")
        order = first + ("t.created_at, t.id" if "created_at" in cols else "t.id")
        db.execute_sql(
            f"{cte}INSERT INTO sync_outbox (op_id, tbl, row_id, kind, fields, hlc, base_seq, created_at) "
            f"SELECT lower(hex(randomblob(16))), '{table}', t.id, 'insert', {_json_object(cols, 't')}, "
            f"(SELECT {HLC} FROM sync_site WHERE id = 1), 0, {STAMP} FROM {_q(table)} t{join} WHERE {rows} "
            f"ORDER BY {order}")
    return db.execute_sql("SELECT COUNT(*) FROM sync_outbox").fetchone()[0] - before


def _replica_table(db, table: str) -> bool:
    """TABLE syncs and DB is a replica whose changes are captured now (not while a pull applies)."""
    if not isinstance(db, peewee.SqliteDatabase) or table not in synced_tables():
        return False
    if db.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_site'").fetchone() is None:
        return False
    row = db.execute_sql("SELECT applying FROM sync_site WHERE id = 1").fetchone()
    return row is not None and row[0] == 0


def bulk_insert(db, table: str, sql: str, params, id_index: int, pending: list | None = None) -> bool:
    """store/bulk_capture's hook: on a replica (not while a pull applies), insert PARAMS without
    the table's capture triggers and capture them set-wise, as the insert trigger would: one op
    per row, every captured column, clocks ticking one per row from one tick, base the cursor.
    The rows take the rowids after the table's last (SQLite's rule for a table without
    AUTOINCREMENT), so they are captured as a rowid range: at once, or, when PENDING is a list
    (bulk_capture.deferred), appended to it and captured by write_ranges when the scope ends."""
    if not params or not _replica_table(db, table):
        return False
    # the table's capture triggers are dropped for the insert and made again after, in the caller's
    # transaction (a rollback brings them back): even skipped by their WHEN, they cost SQLite more
    # per row than the outbox statement
    triggers = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                              "AND name IN (?, ?, ?)", (table, *(f"sync_{k}_{table}" for k in "iud"))).fetchall()
    for name, _ in triggers:
        db.execute_sql(f"DROP TRIGGER {_q(name)}")
    last = f"SELECT coalesce(max(rowid), 0) FROM {_q(table)}"
    low = db.execute_sql(last).fetchone()[0]
    db.cursor().executemany(sql, params)
    high = db.execute_sql(last).fetchone()[0]
    for _, create in triggers:
        db.execute_sql(create)
    if high - low != len(params):  # not one run of rowids (never seen): by the ids, at once,
        if pending:  # after what waits (parents first)
            write_ranges(db, pending)
            pending.clear()
        _write_ids(db, table, [p[id_index] for p in params])
        return True
    ranges = pending if pending is not None else []
    at = next((i for i in range(len(ranges) - 1, -1, -1) if ranges[i][0] == table), None)
    if at is not None and ranges[at][2] == low:  # right after the table's previous batch: one range
        ranges[at] = (table, ranges[at][1], high)  # (its ops stay where the table's first ones were)
    else:
        ranges.append((table, low, high))
    if pending is None:
        write_ranges(db, ranges)
    return True


def _tick_for(db, count_rows: int) -> tuple[int, int, int]:
    """One tick for COUNT_ROWS ops whose clocks count on from it: (wall, first count, step).
    The clock is left at the last op's. More ops than the counter holds share one clock."""
    db.execute_sql(TICK)
    wall, count = db.execute_sql("SELECT hlc_wall, hlc_count FROM sync_site WHERE id = 1").fetchone()
    step = 1 if count + count_rows <= 999999 else 0
    if step:
        db.execute_sql("UPDATE sync_site SET hlc_count = ? WHERE id = 1", (count + count_rows - 1,))
    return wall, count, step


def write_ranges(db, ranges: list[tuple[str, int, int]]) -> int:
    """The insert ops of the rows in RANGES ((table, after rowid, last rowid), in the order they
    were written), fields deferred: one statement per range, the rows in rowid order, clocks counting on across
    the ranges from one tick. Op ids: a random prefix per statement and the row's place in it
    (unique as random ones, and the outbox's unique index takes them in order). Returns the ops."""
    total = sum(high - low for _, low, high in ranges)
    if not total:
        return 0
    wall, count, step = _tick_for(db, total)
    for table, low, high in ranges:
        db.execute_sql(
            f"INSERT INTO sync_outbox (op_id, tbl, row_id, kind, fields, hlc, base_seq, created_at) "
            f"SELECT ? || printf('%012x', t.rowid - ?), ?, t.id, 'insert', {DEFERRED}, "
            f"printf('%015d-%06d', ?, ? + (t.rowid - ? - 1) * ?), (SELECT cursor FROM sync_site WHERE id = 1), "
            f"{STAMP} FROM {_q(table)} t WHERE t.rowid > ? AND t.rowid <= ? ORDER BY t.rowid",
            (os.urandom(10).hex(), low, table, wall, count, low, step, low, high))
        count += (high - low) * step
    return total


def _write_ids(db, table: str, ids: list[str]) -> None:
    """The insert ops of the rows of TABLE with IDS, in that order (random op ids), fields deferred."""
    wall, count, step = _tick_for(db, len(ids))
    db.execute_sql(
        f"INSERT INTO sync_outbox (op_id, tbl, row_id, kind, fields, hlc, base_seq, created_at) "
        f"SELECT lower(hex(randomblob(16))), ?, t.id, 'insert', {DEFERRED}, "
        f"printf('%015d-%06d', ?, ? + j.key * ?), (SELECT cursor FROM sync_site WHERE id = 1), {STAMP} "
        f"FROM json_each(?) j JOIN {_q(table)} t ON t.id = j.value ORDER BY j.key",
        (table, wall, count, step, json.dumps(ids)))


bulk_capture.register(bulk_insert, write_ranges)
