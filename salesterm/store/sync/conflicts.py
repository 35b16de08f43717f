"""Conflict records on the replica: list them, and resolve one by an ordinary edit.

A record says: field FIELD of row ROW_ID of TABLE was changed on two sides to different values;
`mine` is the value of the change the hub received later (pushed by `mine_by`), `theirs` the
value the hub held then (written by `theirs_by`); `kept` says which one the hub kept (the later
hybrid clock). Values are JSON. Resolving writes the chosen value as an edit of the row (captured
and pushed like any other) and marks the record resolved (pushed too).
"""
from __future__ import annotations

import json

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store.models import database
from salesterm.store.sync import capture, decided_once, derived, row_customer, write_offs
from salesterm.store.sync.tables import canonical, for_sqlite, kind_of
from salesterm.store.transactions import write_transaction

FIELDS = ("id", "table", "row_id", "field", "base", "mine", "theirs", "mine_by", "theirs_by",
          "mine_at", "theirs_at", "status")


def _decode(text):
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return text


def is_money(row: dict) -> bool:
    """Whether the conflict ROW (of `listing`) is about money: its values are fen (store/models.MoneyField)."""
    from salesterm.store.models import money_columns

    return row["field"] in money_columns(row["table"])


def listing(status: str | None = "open") -> list[dict]:
    where = "WHERE deleted_at IS NULL" + (f" AND status = {database.obj.param}" if status else "")
    rows = database.execute_sql(
        "SELECT id, tbl, row_id, field, base, mine, theirs, mine_by, theirs_by, mine_at, theirs_at, status "
        f"FROM sync_conflict {where} ORDER BY created_at, id", (status,) if status else ()).fetchall()
    out = []
    for row in rows:
        item = dict(zip(FIELDS, row, strict=True))
        for key in ("base", "mine", "theirs"):
            item[key] = _decode(item[key])
        out.append(item)
    return out


def resolve(conflict_id: str, value) -> None:
    """Write VALUE into the conflict's field (an ordinary edit) and mark the conflict resolved."""
    row = database.execute_sql("SELECT tbl, row_id, field FROM sync_conflict WHERE id = ?", (conflict_id,)).fetchone()
    if row is None:
        raise UserError("sync.no_such_conflict", value=conflict_id)
    table, row_id, field = row
    kinds = {c: kind_of(t) for c, t in capture.columns(database.obj, table)}
    if field not in kinds:
        raise UserError("sync.no_such_conflict", value=conflict_id)
    _refuse_not_a_time(kinds[field], field, value)
    if (table, field, value) == ("payment", "deleted_at", None):
        _refuse_second_reversal(row_id)
    if (table, field, value) == (decided_once.TABLE, "deleted_at", None):
        _refuse_second_decision(row_id)
    if (table, field) == (write_offs.TABLE, write_offs.FIELD):
        _refuse_write_off_beyond_open(row_id, value)
    if table == "payment_allocation" and field in ("amount", "deleted_at"):
        _refuse_allocation_beyond_room(row_id, field, value)
    now = str(clock.now())
    with write_transaction():
        held = database.execute_sql(f'SELECT "{field}" FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
        if held is None or canonical(kinds[field], held[0]) != canonical(kinds[field], value):
            # the value the row holds already (the side kept): nothing to write but the record, so
            # no stamp moves here that no other side would ever hear of
            sets = f'"{field}" = ?' + (", updated_at = ?" if field != "updated_at" and "updated_at" in kinds else "")
            params = [for_sqlite(kinds[field], value)] + ([now] if ", updated_at" in sets else [])
            before = row_customer.customer_of(table, row_id, {}, {})
            database.execute_sql(f'UPDATE "{table}" SET {sets} WHERE id = ?', (*params, row_id))
            if derived.changes_summaries(table, "update", [field]):
                _rederive({before, row_customer.customer_of(table, row_id, {}, {})} - {None})
        database.execute_sql("UPDATE sync_conflict SET status = 'resolved', updated_at = ? WHERE id = ?",
                             (now, conflict_id))


def _rederive(customer_ids: set[str]) -> None:
    """What a resolution changes besides its field, as the ledger does after any write: the
    customers' receivables' `paid` and their summaries (an allocation taken back, a write-off
    chosen)."""
    from salesterm.store.ledger import live_paid, summary

    ids = sorted(customer_ids)
    if ids:
        marks = ", ".join("?" * len(ids))
        live_paid.rebuild(database.execute_sql, f"customer_id IN ({marks})", ids)
        summary.refresh(ids)


def _refuse_not_a_time(kind: str, field: str, value) -> None:
    """A time stamp (a deletion's, an edit's) takes a date and time, never other text (typed at
    F7's edit prompt)."""
    import datetime as _dt

    if kind != "ts" or value is None:
        return
    try:
        _dt.datetime.fromisoformat(str(value).strip().replace("T", " "))
    except ValueError:
        raise UserError("sync.not_a_time", field=field, value=value) from None


def _refuse_second_reversal(payment_id: str) -> None:
    """A payment is reversed once (store/sync/once): a cancelled duplicate reversal is not taken
    back while another reversal of the same payment stands."""
    found = database.execute_sql(
        "SELECT 1 FROM payment d JOIN payment o ON o.reverses_id = d.reverses_id AND o.id <> d.id "
        "AND o.deleted_at IS NULL WHERE d.id = ? AND d.reverses_id IS NOT NULL", (payment_id,)).fetchone()
    if found:
        raise UserError("sync.payment_reversed_once")


def _refuse_second_decision(approval_id: str) -> None:
    """An order's price is decided once (store/sync/decided_once): a cancelled later decision is
    not taken back while another decision of the order stands."""
    cols = ("order_id", "rep_id", "decision", "note", "order_line_id")
    found = database.execute_sql(f"SELECT {', '.join(cols)} FROM {decided_once.TABLE} WHERE id = ?",
                                 (approval_id,)).fetchone()
    if found is None:
        return
    row = dict(zip(cols, found, strict=True))

    def run(sql, params):
        return database.execute_sql(sql, params).fetchall()

    if decided_once.standing(run, "?", row["order_id"], approval_id, row):
        raise UserError("sync.price_decided_once")


def _refuse_allocation_beyond_room(allocation_id: str, field: str, value) -> None:
    """Money is allocated once (store/sync/once): an allocation the hub cut or cancelled is not
    taken back beyond what its receivable leaves open and its payment leaves unallocated (nothing,
    once the payment is reversed: as the hub's once._rooms reads it); and it
    is not lowered below what it holds (that money would sit as the payment's credit while the
    bill it paid is owed: the ledger spreads credit to open bills, a resolution cannot undo that)."""
    from salesterm.domain.money import format_money

    found = database.execute_sql(
        "SELECT r.number, r.amount - r.written_off - COALESCE((SELECT SUM(o.amount) FROM payment_allocation o "
        "WHERE o.receivable_id = a.receivable_id AND o.deleted_at IS NULL AND o.id <> a.id), 0), "
        "CASE WHEN EXISTS (SELECT 1 FROM payment v WHERE v.reverses_id = p.id AND v.deleted_at IS NULL) THEN 0 "
        "ELSE p.amount - COALESCE((SELECT SUM(o.amount) FROM payment_allocation o WHERE o.payment_id = a.payment_id "
        "AND o.deleted_at IS NULL AND o.id <> a.id), 0) END, a.amount, a.deleted_at IS NULL, "
        "p.customer_id IS NOT r.customer_id "
        "FROM payment_allocation a JOIN receivable r ON r.id = a.receivable_id "
        "JOIN payment p ON p.id = a.payment_id WHERE a.id = ? AND p.reverses_id IS NULL", (allocation_id,)).fetchone()
    if found is None:
        return
    number, room_r, room_p, amount, live, apart = found
    stays_live = live if field == "amount" else value is None
    try:  # what the allocation would hold
        asked = (int(value) if field == "amount" else int(amount)) if stays_live else 0
    except (TypeError, ValueError):
        return  # not a number: the edit itself is refused by the column
    holds = int(amount) if live else 0
    if asked > holds and apart:  # the hub cancelled it: the payment and the bill are two customers' now
        raise UserError("sync.allocation_other_customer", number=number)
    if asked < holds:
        raise UserError("sync.allocation_below_held", number=number, held=format_money(holds),
                        amount=format_money(asked))
    room = max(0, min(int(room_r), int(room_p)))
    if asked > max(room, holds):
        raise UserError("sync.allocation_beyond_room", number=number, open=format_money(max(0, int(room_r))),
                        credit=format_money(max(0, int(room_p))), amount=format_money(asked))


def _refuse_write_off_beyond_open(receivable_id: str, value) -> None:
    """Money received wins over a write-off (store/sync/write_offs): a write-off the hub cut is
    not taken back beyond what the receivable's payments leave open."""
    from salesterm.domain.money import format_money

    found = database.execute_sql(
        "SELECT number, amount - COALESCE((SELECT SUM(a.amount) FROM payment_allocation a WHERE a.receivable_id = "
        "receivable.id AND a.deleted_at IS NULL), 0) FROM receivable WHERE id = ?", (receivable_id,)).fetchone()
    try:
        asked = int(value or 0)
    except (TypeError, ValueError):
        return  # not a number: the edit itself is refused by the column
    if found is not None and asked > max(0, int(found[1])):
        raise UserError("sync.write_off_beyond_open", number=found[0], open=format_money(max(0, int(found[1]))),
                        amount=format_money(asked))
