"""A hook for bulk inserts on a team-sync replica.

store/io/bulk inserts an import's rows in batches (2,000 rows). On a replica the capture triggers would
then write the outbox one row at a time (a clock tick and an outbox insert per row: about a quarter
more CPU for a 100k import). store/sync/capture registers `insert` here when it is loaded (nothing
in store imports store.sync), and `bulk.insert_values` hands its batch to it: the rows are inserted
with the table's capture triggers dropped for the statement (made again right after, in the same
transaction) and their outbox rows written in one statement, the same ops the triggers write (one
insert op per row with every captured column, a clock of its own, the cursor as its base).
Without the hook (store.sync never loaded) the triggers capture the rows as usual.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

_hook: Callable[..., bool] | None = None


def register(fn: Callable[..., bool] | None) -> None:
    global _hook
    _hook = fn


def insert(db, table: str, sql: str, params: Sequence[Sequence[Any]], id_index: int) -> bool:
    """Insert PARAMS with SQL through the hook; False when the caller must insert them itself."""
    return bool(_hook is not None and _hook(db, table, sql, params, id_index))
