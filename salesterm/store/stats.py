"""The customer summary the customers list sorts and filters by (table customer_stats).

One row per customer: open balance, overdue amount, oldest open due date, last visit done,
next planned visit, computed for a day (as_of). `refresh_stats` recomputes it in SQL with one
INSERT ... SELECT ... GROUP BY, for all customers or a few; writers of receivables, payments and
visits call `refresh_stats([customer_id])` after their writes, and the app refreshes everything
once a day (when the stored as_of is not today).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import peewee

from salesterm import clock
from salesterm.store.models import Customer, CustomerStats, database
from salesterm.store.transactions import write_transaction

_CHUNK = 500

_INSERT = """
INSERT INTO customer_stats
    (id, customer_id, open_balance, overdue_amount, oldest_due, last_visit, next_visit,
     as_of, created_at, updated_at)
SELECT c.id, c.id, COALESCE(r.open_balance, 0), COALESCE(r.overdue, 0), r.oldest_due,
       v.last_visit, v.next_visit, {p}, {p}, {p}
FROM customer c
LEFT JOIN (
    SELECT customer_id,
           SUM(amount - paid - written_off) AS open_balance,
           SUM(CASE WHEN due < {p} THEN amount - paid - written_off ELSE 0 END) AS overdue,
           MIN(due) AS oldest_due
    FROM receivable
    WHERE deleted_at IS NULL AND amount - paid - written_off > 0 {only_r}
    GROUP BY customer_id
) r ON r.customer_id = c.id
LEFT JOIN (
    SELECT customer_id,
           MAX(CASE WHEN status = 'done' THEN planned_date END) AS last_visit,
           MIN(CASE WHEN status = 'planned' AND planned_date >= {p} THEN planned_date END) AS next_visit
    FROM visit
    WHERE deleted_at IS NULL {only_v}
    GROUP BY customer_id
) v ON v.customer_id = c.id
WHERE 1 = 1 {only_c}
"""
# PostgreSQL: an upsert, so two writers refreshing one customer at once both succeed. SQLite
# keeps delete-then-insert (its writers take turns; and an upsert there would override the
# INSERT OR REPLACE of migration 0007's search_visit triggers).
_UPSERT = """
ON CONFLICT (customer_id) DO UPDATE SET
    open_balance = excluded.open_balance, overdue_amount = excluded.overdue_amount,
    oldest_due = excluded.oldest_due, last_visit = excluded.last_visit,
    next_visit = excluded.next_visit, as_of = excluded.as_of, updated_at = excluded.updated_at
"""


def _sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def _value(v):
    """Dates and times as the driver wants them: ISO text for SQLite, objects for PostgreSQL."""
    if _sqlite() and v is not None:
        return str(v)
    return v


def _refresh_chunk(ids: Sequence[str] | None, as_of: date) -> int:
    p = database.obj.param
    now = clock.now()
    if ids is None:
        only = {"only_r": "", "only_v": "", "only_c": ""}
        params_ids: list[str] = []
    else:
        marks = ", ".join([p] * len(ids))
        only = {"only_r": f"AND customer_id IN ({marks})", "only_v": f"AND customer_id IN ({marks})",
                "only_c": f"AND c.id IN ({marks})"}
        params_ids = list(ids)
    sql = _INSERT.format(p=p, **only)
    params = [_value(as_of), _value(now), _value(now), _value(as_of)]
    params += params_ids  # receivable filter
    params += [_value(as_of)]
    params += params_ids  # visit filter
    params += params_ids  # customer filter
    # the three placeholders in SELECT come first, then the subqueries' in order of appearance
    if not _sqlite():
        sql += _UPSERT
    elif ids is None:
        database.execute_sql("DELETE FROM customer_stats")
    else:
        database.execute_sql(f"DELETE FROM customer_stats WHERE customer_id IN ({', '.join([p] * len(ids))})",
                             list(ids))
    cursor = database.execute_sql(sql, params)
    return cursor.rowcount if cursor.rowcount is not None else 0


def refresh_stats(customer_ids: Iterable[str] | None = None, as_of: date | None = None) -> int:
    """Recompute the summary of CUSTOMER_IDS (None = every customer) for AS_OF (default today).
    Returns the number of rows written."""
    as_of = as_of or clock.today()
    written = 0
    with write_transaction():
        if customer_ids is None:
            written = _refresh_chunk(None, as_of)
        else:
            ids = list(dict.fromkeys(i for i in customer_ids if i))
            for start in range(0, len(ids), _CHUNK):
                written += _refresh_chunk(ids[start:start + _CHUNK], as_of)
    return written


def stats_as_of() -> date | None:
    """The day the whole table was last computed for (the oldest as_of stored)."""
    value = CustomerStats.select(peewee.fn.MIN(CustomerStats.as_of)).scalar()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def is_stale(as_of: date | None = None) -> bool:
    """True when some customer has no summary row, or the summary is not for AS_OF (today)."""
    as_of = as_of or clock.today()
    customers = Customer.select().count()
    if customers == 0:
        return False
    if CustomerStats.select().count() != customers:
        return True
    return stats_as_of() != as_of


def ensure_fresh(as_of: date | None = None) -> bool:
    """Refresh every customer's summary when it is stale. Returns True when it refreshed."""
    if not is_stale(as_of):
        return False
    refresh_stats(None, as_of)
    return True


def stats_for(customer_id: str) -> CustomerStats | None:
    return CustomerStats.get_or_none(CustomerStats.customer == customer_id)


def recompute(as_of: date) -> dict[str, tuple]:
    """What `refresh_stats(None, AS_OF)` would write, read without writing (for `check`):
    {customer_id: (open_balance, overdue_amount, oldest_due, last_visit, next_visit)}."""
    sql = _INSERT.format(p=database.obj.param, only_r="", only_v="", only_c="")
    sql = sql[sql.index("SELECT"):]
    now = clock.now()
    params = [_value(as_of), _value(now), _value(now), _value(as_of), _value(as_of)]
    return {row[1]: tuple(row[2:7]) for row in database.execute_sql(sql, params).fetchall()}
