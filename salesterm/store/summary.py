"""Each customer's collection summary (collection_state): open balance and oldest open due date.

The ledger (store/receivables) refreshes it after every write, so the queue can order 100k
customers without summing a million receivable lines. ``refresh_all()`` rebuilds it for
everyone in a few statements (after a bulk load or a merge of customer files).
"""
from __future__ import annotations

from typing import Iterable

from peewee import SqliteDatabase, fn

from salesterm import clock
from salesterm.store.models import CollectionState, Receivable, database

_OPEN = "deleted_at IS NULL AND amount > paid + written_off"


def state_for(customer_id: str) -> CollectionState:
    """The customer's collection state row (created on first use)."""
    s = CollectionState.get_or_none(CollectionState.customer == customer_id)
    if s is None:
        s = CollectionState.create(customer=customer_id)
    return s


def refresh(customer_ids: Iterable[str]) -> None:
    ids = list(dict.fromkeys(customer_ids))
    if not ids:
        return
    with database.atomic():
        for cid in ids:
            row = (Receivable.live(fn.COALESCE(fn.SUM(Receivable.amount - Receivable.paid
                                                      - Receivable.written_off), 0),
                                   fn.MIN(Receivable.due))
                   .where((Receivable.customer == cid)
                          & (Receivable.amount > Receivable.paid + Receivable.written_off))
                   .tuples().first())
            balance, oldest = (int(row[0] or 0), row[1]) if row else (0, None)
            if isinstance(oldest, str):  # SQLite hands back text for an aggregate of dates
                from salesterm.domain.dates import parse_date

                oldest = parse_date(oldest)
            s = state_for(cid)
            changes = {"balance": balance, "oldest_due": oldest,
                       "oldest_due_day": oldest.toordinal() if oldest else None,
                       "updated_at": clock.now()}
            if balance == 0:
                changes.update(level=0, next_follow_up=None)
            CollectionState.update(**changes).where(CollectionState.id == s.id).execute()
    _customer_stats(ids)


def _customer_stats(ids: list[str]) -> None:
    """Keep the customer list's per-customer stats (balance, overdue) in step."""
    from salesterm.store import stats

    stats.refresh_stats(ids)


def refresh_all() -> int:
    """Rebuild every customer's summary in bulk. Returns the number of customers with money open."""
    from salesterm.store.models import new_id

    db = database.obj
    p = db.param
    now = clock.now()
    with database.atomic():
        missing = db.execute_sql(
            "SELECT DISTINCT r.customer_id FROM receivable r WHERE r.deleted_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM collection_state s WHERE s.customer_id = r.customer_id)"
        ).fetchall()
        rows = [(new_id(), cid, now, now) for (cid,) in missing]
        for i in range(0, len(rows), 5000):
            chunk = rows[i:i + 5000]
            db.execute_sql(
                "INSERT INTO collection_state (id, customer_id, created_at, updated_at) VALUES "
                + ", ".join([f"({p}, {p}, {p}, {p})"] * len(chunk)),
                [v for row in chunk for v in row])
        db.execute_sql(
            f"UPDATE collection_state SET balance = COALESCE((SELECT SUM(amount - paid - written_off) "
            f"FROM receivable r WHERE r.customer_id = collection_state.customer_id AND r.{_OPEN}), 0), "
            f"oldest_due = (SELECT MIN(due) FROM receivable r "
            f"WHERE r.customer_id = collection_state.customer_id AND r.{_OPEN}), updated_at = {p}",
            [now])
        if isinstance(db, SqliteDatabase):  # date.toordinal() in SQL
            day = "CAST(julianday(oldest_due) - 1721424.5 AS INTEGER)"
        else:
            day = "(oldest_due - DATE '0001-01-01') + 1"
        db.execute_sql(f"UPDATE collection_state SET oldest_due_day = {day}")
        count = db.execute_sql("SELECT COUNT(*) FROM collection_state WHERE balance > 0").fetchone()[0]
    return int(count)
