"""A receivable's `paid` is derived: the sum of its live allocations. The one statement that
rebuilds it, for both backends: RUN(sql, params) runs it, WHERE narrows the receivables (an SQL
condition on `receivable` with its PARAMS). No stamp moves: the figure is the same everywhere."""
from __future__ import annotations

from collections.abc import Callable

LIVE_PAID = ("COALESCE((SELECT SUM(a.amount) FROM payment_allocation a "
             "WHERE a.receivable_id = receivable.id AND a.deleted_at IS NULL), 0)")


def rebuild(run: Callable[[str, list], object], where: str = "", params: list | tuple = ()) -> object:
    """Set `paid` from the live allocations where it differs (and WHERE holds); RUN's result."""
    extra = f" AND ({where})" if where else ""
    return run(f"UPDATE receivable SET paid = {LIVE_PAID} WHERE paid <> {LIVE_PAID}{extra}", list(params))
