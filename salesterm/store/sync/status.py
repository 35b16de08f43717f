"""Read-only answers for the app about this replica's sync: its state (pending changes, open
conflicts, the last good sync, why the last one failed) and the outbox as a list.

Nothing here writes. `state()` is None on a file that never joined a team server.
"""
from __future__ import annotations

import json
import string
from dataclasses import dataclass

from salesterm.domain.catalogs import catalog
from salesterm.store.models import database
from salesterm.store.sync import capture, row_customer

# why the last sync failed, read from the first line the engine (or `salesterm sync`) recorded: the
# English text of the error (UserError's str), recognised by the longest fixed part of its template
FAILURES = (
    ("unreachable", "sync.cannot_reach"),
    ("schema", "sync.replica_older"),
    ("hub_schema", "sync.hub_older"),
    ("login", "sync.login_may_not_sync"),
    ("not_hub", "sync.not_a_hub"),
)
# libpq's words when the server refused the login (the server's messages are in English by default)
WRONG_PASSWORD = ("password authentication failed", "no password supplied", "password is required")


def _fixed_part(msgid: str) -> str:
    template = catalog("en").get(msgid, "")
    chunks = [literal for literal, *_rest in string.Formatter().parse(template)]
    return max(chunks, key=len, default="").strip()


@dataclass(frozen=True)
class SyncState:
    server: str
    pending: int
    rejected: int
    conflicts: int
    last_sync: str | None
    last_error: str
    failure: str  # '' after a good sync, else what failure_kind() says


def failure_kind(error: str) -> str:
    """'' (no error), unreachable, password, schema (this salesterm too old), hub_schema, login,
    not_hub or other."""
    if not error:
        return ""
    for kind, msgid in FAILURES:
        part = _fixed_part(msgid)
        if part and part in error:
            if kind == "unreachable" and any(w in error.lower() for w in WRONG_PASSWORD):
                return "password"
            return kind
    return "other"


def state() -> SyncState | None:
    if "sync_site" not in database.obj.get_tables():
        return None
    row = database.execute_sql("SELECT server, last_sync, last_error FROM sync_site WHERE id = 1").fetchone()
    if row is None:
        return None
    server, last_sync, last_error = row
    counts = dict(database.execute_sql("SELECT status, COUNT(*) FROM sync_outbox GROUP BY status").fetchall())
    conflicts = database.execute_sql(
        "SELECT COUNT(*) FROM sync_conflict WHERE status = 'open' AND deleted_at IS NULL").fetchone()[0]
    return SyncState(server or "", sum(counts.values()), counts.get("rejected", 0), conflicts,
                     last_sync, last_error or "", failure_kind(last_error or ""))


@dataclass(frozen=True)
class OutboxRow:
    n: int
    op_id: str
    table: str
    row_id: str
    kind: str
    customer: str  # the customer's name the change belongs to, '' when none
    field: str
    old: object
    new: object
    when: str
    status: str
    reason: str


CUSTOMER_REFERENCES = frozenset({"customer_id", "merged_into_id"})  # a value that names a customer by id


def _named(field: str, value, cache: dict):
    """VALUE as a user reads it in a sync view: a customer's id (a merge's survivor, the customer
    a row moved to) as the customer's name and code; any other value as it is."""
    if field not in CUSTOMER_REFERENCES or not isinstance(value, str) or not value:
        return value
    key = ("named", value)
    if key not in cache:
        found = database.execute_sql("SELECT name, code FROM customer WHERE id = ?", (value,)).fetchone()
        cache[key] = " ".join(x for x in found if x) if found else value
    return cache[key]


def _customer_name(table: str, row_id: str, fields: dict, cache: dict) -> str:
    cid = row_customer.customer_of(table, row_id, fields, cache)
    if not cid:
        return ""
    if cid not in cache:
        found = database.execute_sql("SELECT name FROM customer WHERE id = ?", (cid,)).fetchone()
        cache[cid] = found[0] if found else ""
    return cache[cid]


SKIP = frozenset({"id", "created_at", "updated_at"})  # shown in every change: noise in the list


def outbox(limit: int = 500) -> list[OutboxRow]:
    """The changes not yet on the server, oldest first, one row per changed field (an insert or a
    delete is one row). OLD is the value before the change, as the capture trigger kept it (an
    outbox written before migration 0016 has none: then the value an earlier change of the same
    field in the outbox wrote, else None)."""
    rows = database.execute_sql(
        f"SELECT n, op_id, tbl, row_id, kind, {capture.fields_sql(database)}, created_at, status, reason, old "
        "FROM sync_outbox o ORDER BY status = 'pending', n LIMIT ?", (limit,)).fetchall()
    cache: dict = {}
    seen: dict[tuple[str, str, str], object] = {}
    out: list[OutboxRow] = []
    for n, op_id, table, row_id, kind, fields, created, status, reason, before in sorted(rows, key=lambda r: r[0]):
        values = json.loads(fields) if fields else {}
        olds = json.loads(before) if before else {}
        who = _customer_name(table, row_id, values, cache)
        if kind != "update":
            for key, value in values.items():
                seen[(table, row_id, key)] = value
            label = values.get("name") or values.get("title") or ""
            out.append(OutboxRow(n, op_id, table, row_id, kind, who, "", None, label, created, status, reason))
            continue
        shown = [k for k in values if k not in SKIP] or list(values)
        for key in shown:
            old = olds[key] if key in olds else seen.get((table, row_id, key))
            seen[(table, row_id, key)] = values[key]
            out.append(OutboxRow(n, op_id, table, row_id, kind, who, key, _named(key, old, cache),
                                 _named(key, values[key], cache), created, status, reason))
    out.sort(key=lambda r: (r.status == "pending", r.n))
    return out



def conflicts() -> list[dict]:
    """The open conflict records (store.sync.conflicts.listing), each with `customer`: the name
    of the customer its row belongs to ('' when none), and `named`: base, mine and theirs as a
    user reads them where they name a customer by id (`_named`; the values themselves stay, for
    the resolution)."""
    from salesterm.store.sync import conflicts as records

    cache: dict = {}
    rows = records.listing("open")
    for row in rows:
        row["customer"] = _customer_name(row["table"], row["row_id"], {}, cache)
        row["named"] = {side: _named(row["field"], row[side], cache) for side in ("base", "mine", "theirs")}
    return rows
