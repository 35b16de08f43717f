"""Each customer's collection summary (collection_state): open balance and oldest open due date.

The ledger (store/ledger/receivables) refreshes it after every write, so the queue can order 100k
customers without summing a million receivable lines. The sums come from store/stats (the
customer list's summary), so the open-balance rule is written once. ``refresh_all()`` rebuilds it for
everyone in a few statements (after a bulk load or a merge of customer files).
"""
from __future__ import annotations

from collections.abc import Iterable

from peewee import SqliteDatabase

from salesterm import clock
from salesterm.store import stats
from salesterm.store.models import CollectionState, database, new_id
from salesterm.store.transactions import lock_customers, write_transaction


def state_for(customer_id: str) -> CollectionState:
    """The customer's collection state row (created on first use)."""
    s = CollectionState.get_or_none(CollectionState.customer == customer_id)
    if s is None:  # another salesterm may create it at the same moment: then its row is used
        CollectionState.insert(id=new_id(), customer=customer_id).on_conflict_ignore().execute()
        s = CollectionState.get(CollectionState.customer == customer_id)
    return s


def refresh(customer_ids: Iterable[str]) -> None:
    """Recompute the summary of CUSTOMER_IDS after a ledger write."""
    ids = list(dict.fromkeys(customer_ids))
    if not ids:
        return
    with write_transaction():
        lock_customers(ids)
        stats.refresh_stats(ids)  # the one place open balances are summed
        _create_missing(ids)
        marks = ", ".join([database.obj.param] * len(ids))
        _follow_merges(f"customer_id IN ({marks})", ids)
        _copy_from_stats(f"customer_id IN ({marks})", ids)
        CollectionState.update(level=0, next_follow_up=None).where(
            CollectionState.customer.in_(ids) & (CollectionState.balance == 0)).execute()


def _create_missing(ids: list[str]) -> None:
    """A collection_state row for each of IDS that has none, in a few statements (a sync's
    pull or push refreshes thousands of customers at once)."""
    db = database.obj
    p = db.param
    now = clock.now()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        have = {r[0] for r in db.execute_sql(
            f"SELECT customer_id FROM collection_state WHERE customer_id IN ({', '.join([p] * len(chunk))})",
            chunk).fetchall()}
        rows = [(new_id(), cid, now, now) for cid in chunk if cid not in have]
        if rows:
            db.execute_sql(
                "INSERT INTO collection_state (id, customer_id, created_at, updated_at) VALUES "
                + ", ".join([f"({p}, {p}, {p}, {p})"] * len(rows))
                + " ON CONFLICT (customer_id) DO NOTHING", [v for row in rows for v in row])


def _follow_merges(where: str, params: list) -> None:
    """A summary is archived while its customer is merged away, and live otherwise: a merge a
    laptop made and the hub turned the other way (two crossing merges) or another laptop undid
    brings the customer back, and its summary with it."""
    db = database.obj
    p = db.param
    for archived, merged, stamp in (("IS NOT NULL", "IS NULL", "NULL"), ("IS NULL", "IS NOT NULL", p)):
        db.execute_sql(
            f"UPDATE collection_state SET deleted_at = {stamp} WHERE deleted_at {archived} AND {where} "
            f"AND EXISTS (SELECT 1 FROM customer c WHERE c.id = collection_state.customer_id "
            f"AND c.merged_into_id {merged})", ([clock.now()] if stamp == p else []) + params)


def _copy_from_stats(where: str, params: list) -> None:
    """Take balance and oldest open due date from customer_stats (store/stats computes them)."""
    db = database.obj
    p = db.param
    own = "s.customer_id = collection_state.customer_id"
    db.execute_sql(
        f"UPDATE collection_state SET "
        f"balance = COALESCE((SELECT s.open_balance FROM customer_stats s WHERE {own}), 0), "
        f"oldest_due = (SELECT s.oldest_due FROM customer_stats s WHERE {own}), updated_at = {p} "
        f"WHERE {where}", [clock.now(), *params])
    if isinstance(db, SqliteDatabase):  # date.toordinal() in SQL
        day = "CAST(julianday(oldest_due) - 1721424.5 AS INTEGER)"
    else:
        day = "(oldest_due - DATE '0001-01-01') + 1"
    db.execute_sql(f"UPDATE collection_state SET oldest_due_day = {day} WHERE {where}", params)


def refresh_all() -> int:
    """Rebuild every customer's summary in bulk. Returns the number of customers with money open."""
    db = database.obj
    p = db.param
    now = clock.now()
    with write_transaction():
        missing = db.execute_sql(
            "SELECT DISTINCT r.customer_id FROM receivable r WHERE r.deleted_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM collection_state s WHERE s.customer_id = r.customer_id)"
        ).fetchall()
        rows = [(new_id(), cid, now, now) for (cid,) in missing]
        for i in range(0, len(rows), 5000):
            chunk = rows[i:i + 5000]
            db.execute_sql(
                "INSERT INTO collection_state (id, customer_id, created_at, updated_at) VALUES "
                + ", ".join([f"({p}, {p}, {p}, {p})"] * len(chunk))
                + " ON CONFLICT (customer_id) DO NOTHING", [v for row in chunk for v in row])
        stats.refresh_stats(None)
        _follow_merges("1 = 1", [])
        _copy_from_stats("1 = 1", [])
        count = db.execute_sql("SELECT COUNT(*) FROM collection_state WHERE balance > 0").fetchone()[0]
    return int(count)
