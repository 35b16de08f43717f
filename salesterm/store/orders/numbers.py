"""Order numbers that stay unique across laptops working offline (domain/order_rules explains
why they cannot collide): SO-YYYYMMDD-SITE-NNN.

SITE: on the team server (PostgreSQL) HQ; on a laptop the first 8 hex digits of its sync site id
once it joined a team, before that of a random id the file keeps (code_counter row
``order-site``, never synced). NNN: code_counter row ``order:<stem>`` (the table customer codes
count in, migration 0008), bumped by one atomic upsert inside the caller's write transaction, so
two writers on one database never take the same number (PostgreSQL locks the counter row until
the first commits; SQLite lets one writer in at a time). A number already on file (a restored
counter, a hand-made order) is skipped.
"""
from __future__ import annotations

import datetime as _dt
import secrets

from salesterm import clock
from salesterm.domain import order_rules
from salesterm.store.models import CodeCounter, SalesOrder, database, is_sqlite

SITE_KEY = "order-site"


def _local_site() -> str:
    row = CodeCounter.get_or_none(CodeCounter.pattern == SITE_KEY)
    if row is None:
        value = secrets.randbits(32) or 1
        CodeCounter.insert(pattern=SITE_KEY, last=value, updated_at=clock.now()).on_conflict_ignore().execute()
        row = CodeCounter.get(CodeCounter.pattern == SITE_KEY)
    return f"{row.last:08x}"


def site_fragment() -> str:
    """This database's SITE part of an order number."""
    if not is_sqlite():
        return order_rules.HQ_SITE
    if "sync_site" in database.obj.get_tables():
        row = database.execute_sql("SELECT site FROM sync_site WHERE id = 1").fetchone()
        if row and row[0]:
            return order_rules.site_fragment(row[0])
    return order_rules.site_fragment(_local_site())


def _bump(key: str) -> int:
    p = database.obj.param
    row = database.execute_sql(
        f"INSERT INTO code_counter (pattern, last, updated_at) VALUES ({p}, 1, {p}) "
        f"ON CONFLICT (pattern) DO UPDATE SET last = code_counter.last + 1, updated_at = excluded.updated_at "
        f"RETURNING last", (key, clock.now())).fetchone()
    return int(row[0])


def next_order_number(day: _dt.date) -> str:
    """A new order number for DAY (call inside the write transaction that inserts the order)."""
    stem = order_rules.number_stem(day, site_fragment())
    while True:
        number = order_rules.order_number(day, stem.split("-")[2], _bump(f"order:{stem}"))
        if not SalesOrder.select().where(SalesOrder.number == number).exists():
            return number
