"""Exporting tables to CSV (UTF-8 with BOM, so Excel opens it) or XLSX.

Headers are the English field names, which `import` reads back. Money is plain decimal yuan
text (`1234.50`), dates `YYYY-MM-DD`, flags `yes`/`no`; a row's rep and customer are given by
name (and customer code), never by internal id alone. Rows are streamed from the database,
so a table of any size exports in constant memory; soft-deleted rows are left out.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

import peewee

from salesterm.domain import man
from salesterm.domain.errors import UserError
from salesterm.domain.money import fen_to_json
from salesterm.store.io import export_orders
from salesterm.store.io.tabular import check_extension, write_table
from salesterm.store.models import (
    Contact,
    Customer,
    Deal,
    Note,
    OrderLine,
    Payment,
    Receivable,
    Rep,
    Visit,
    database,
)

Getter = Callable[[dict[str, Any]], Any]


def _money(key: str) -> Getter:
    return lambda row: "" if row[key] is None else fen_to_json(int(row[key]))


def _json_list(key: str) -> Getter:
    def get(row):
        try:
            value = json.loads(row[key] or "[]")
        except ValueError:
            return row[key]
        return " ".join(str(v) for v in value) if isinstance(value, list) else row[key]
    return get


def _flag(key: str) -> Getter:
    return lambda row: "yes" if row[key] else "no"


def _plain(key: str) -> Getter:
    return lambda row: row[key]


# table -> (model, [(header, getter)], with_customer)
# A plain string column is the model's column of that name.
CUSTOMER_COLUMNS = [
    "id", "code", "name", "kind", "economic_nature", "scale", "network_coverage", "main_performance",
    "credit_standing", "manager_background", ("credit_limit", _money("credit_limit")), "grade",
    "grade_suggested", "grade_override", "grade_override_reason", "grade_factors", "man_money",
    "man_authority", "man_need",
    ("prospect_class", lambda r: man.prospect_class(r["man_money"], r["man_authority"], r["man_need"])),
    "city", "district", "address", "phone", "payday", ("no_morning_collection", _flag("no_morning_collection")),
    ("rep", lambda r: r["_rep"]), "industry", "tags", "remark", "created_at", "updated_at",
]
CONTACT_COLUMNS = [
    "id", "customer_code", "customer", "name", "title", "phone",
    ("is_decision_maker", _flag("is_decision_maker")), "remark", "created_at", "updated_at",
]
DEAL_COLUMNS = [
    "id", "customer_code", "customer", "rep", "title", "template", "stage", "status",
    ("amount", _money("amount")), "expected_close", "lost_reason", "stage_since", "created_at", "updated_at",
]
VISIT_COLUMNS = [
    "id", "customer_code", "customer", "rep", "planned_date", "slot", "status",
    ("sales_objectives", _json_list("sales_objectives")), ("admin_objectives", _json_list("admin_objectives")),
    "reason", "proposal", ("materials", _json_list("materials")), "done_at", "stage_reached", "outcome",
    ("order_amount", _money("order_amount")), ("complaint_handled", _flag("complaint_handled")), "notes",
    "revisit_date", "deal_id", "created_at", "updated_at",
]
RECEIVABLE_COLUMNS = [
    "id", "customer_code", "customer", "rep", "number", "issued", "due", ("amount", _money("amount")),
    ("paid", _money("paid")), ("written_off", _money("written_off")),
    ("open", lambda r: fen_to_json(int(r["amount"]) - int(r["paid"]) - int(r["written_off"]))),
    "write_off_reason", "source", "created_at", "updated_at",
]
PAYMENT_COLUMNS = [
    "id", "customer_code", "customer", "rep", "day", ("amount", _money("amount")), "method", "number",
    "reverses_id", "source", "note", "created_at", "updated_at",
]
NOTE_COLUMNS = [
    "id", "customer_code", "customer", "rep", "kind", "title", "body", "tags", "status", "follow_up",
    "manager_comment", "competitor", "product", ("price", _money("price")), "promotion", "written_on",
    "visit_id", "created_at", "updated_at",
]

TABLES: dict[str, tuple[type, list]] = {
    "customers": (Customer, CUSTOMER_COLUMNS),
    "contacts": (Contact, CONTACT_COLUMNS),
    "visits": (Visit, VISIT_COLUMNS),
    "deals": (Deal, DEAL_COLUMNS),
    "receivables": (Receivable, RECEIVABLE_COLUMNS),
    "payments": (Payment, PAYMENT_COLUMNS),
    "notes": (Note, NOTE_COLUMNS),
    "orders": (OrderLine, export_orders.COLUMNS),
}


def _columns(spec: list) -> list[tuple[str, Getter]]:
    return [(c, _plain(c)) if isinstance(c, str) else c for c in spec]


def _rows(model, columns: list[tuple[str, Getter]]) -> Iterator[list[Any]]:
    reps = {r.id: r.name for r in Rep.select(Rep.id, Rep.name)}
    if model is OrderLine:  # orders: one row per line, with its order's fields (store/io/export_orders)
        for values in _stream(export_orders.SQL):
            row = dict(zip(export_orders.NAMES, values, strict=True))
            row["rep"] = reps.get(row["rep_id"], "") if row["rep_id"] else ""
            yield [get(row) for _, get in columns]
        return
    table = model._meta.table_name
    names = [f.column_name for f in model._meta.sorted_fields]
    select = ", ".join(f't."{n}"' for n in names)
    join = ""
    if "customer" in model._meta.fields and model is not Customer:
        select += ", c.code, c.name"
        names += ["customer_code", "customer"]
        join = " LEFT OUTER JOIN customer c ON c.id = t.customer_id"
    sql = f'SELECT {select} FROM "{table}" t{join} WHERE t.deleted_at IS NULL ORDER BY t.created_at, t.id'
    for values in _stream(sql):
        row = dict(zip(names, values, strict=True))
        if "rep_id" in row:
            row["_rep"] = row["rep"] = reps.get(row["rep_id"], "") if row["rep_id"] else ""
        yield [get(row) for _, get in columns]


def _stream(sql: str) -> Iterator[tuple]:
    """Rows of SQL without holding them all: SQLite cursors stream; on PostgreSQL a
    server-side cursor does (inside the caller's transaction)."""
    db = database.obj
    if isinstance(db, peewee.PostgresqlDatabase):
        cursor = db.connection().cursor(name="salesterm_export")
        cursor.itersize = 2000
    else:
        cursor = db.cursor()
    try:
        cursor.execute(sql)
        while True:
            chunk = cursor.fetchmany(2000)
            if not chunk:
                return
            yield from chunk
    finally:
        cursor.close()


def export_table(kind: str, path: str | os.PathLike, *, progress: Callable[[int, int], None] | None = None,
                 lang: str = "en") -> int:
    """Write table KIND to PATH (.csv or .xlsx); returns the number of rows written. LANG "zh"
    writes Chinese headers and readable values (store/io/export_zh.py); "en", the default,
    the English field names and stored values that scripts read."""
    if kind not in TABLES:
        raise UserError("transfer.cannot_export_kind_choose_one", kind=kind, choices=', '.join(TABLES))
    check_extension(path)
    model, spec = TABLES[kind]
    columns = _columns(spec)
    if lang == "zh":
        from salesterm.store.io.export_zh import localise

        columns = localise(kind, columns)
    total = model.select().where(model.deleted_at.is_null()).count()  # orders: their lines
    with database.atomic():  # one consistent snapshot of the table
        count = write_table(path, [h for h, _ in columns], _rows(model, columns),
                            progress=(lambda done: progress(done, total)) if progress else None,
                            sheet=kind)
    if progress:
        progress(count, total)
    return count
