"""The customer a row of the replica belongs to: its own `customer_id`, or its parent's."""
from __future__ import annotations

from salesterm.store.models import database


def customer_of(table: str, row_id: str, fields: dict, cache: dict, depth: int = 0) -> str | None:
    """The customer a row belongs to: its own `customer_id`, or its parent's (an allocation's
    payment, a stage change's deal: share_sql.key_columns), read from FIELDS or the row."""
    from salesterm.store.sync.share_sql import key_columns

    if table == "customer":
        return row_id
    column, parent = key_columns().get(table, ("customer_id", ""))
    value = fields.get(column)
    if value is None and depth < 3:
        cols = cache.setdefault(("cols", table), [r[1] for r in database.execute_sql(
            f'PRAGMA table_info("{table}")').fetchall()])
        if column in cols:
            found = database.execute_sql(f'SELECT "{column}" FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
            value = found[0] if found else None
    if not value or not parent:
        return value
    return customer_of(parent, value, {}, cache, depth + 1)
