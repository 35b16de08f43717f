"""A hook for bulk inserts on a team-sync replica.

store/io/bulk inserts an import's rows in batches (2,000 rows). On a replica the capture triggers would
then write the outbox one row at a time (a clock tick and an outbox insert per row: about a quarter
more CPU for a 100k import). store/sync/capture registers its hooks here when it is loaded (nothing
in store imports store.sync), and `bulk.insert_values` hands its batch to it: the rows are inserted
with the table's capture triggers dropped for the statement (made again right after, in the same
transaction) and their outbox rows written set-wise, the same ops the triggers write (one insert op
per row with every captured column, a clock of its own, the cursor as its base).

Inside `deferred()` (an import's insert phase) the outbox rows of the batches are written once,
when the block ends (or at `flush()`), one statement per table over the rowids the batches took:
cheaper than a statement per batch. The block's other writes are captured by the triggers as
they happen, so it must not write to the rows it bulk-inserts other than by those inserts (their
insert ops come at the end). It is inside the caller's transaction: an error drops what waits and
the rollback takes the rows. Without the hooks (store.sync never loaded) the triggers capture the
rows as usual.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

_hook: Callable[..., bool] | None = None
_write: Callable[..., int] | None = None
_local = threading.local()  # .pending: the current thread's deferred ranges (a list), or None


def register(fn: Callable[..., bool] | None, write: Callable[..., int] | None = None) -> None:
    global _hook, _write
    _hook, _write = fn, write


def insert(db, table: str, sql: str, params: Sequence[Sequence[Any]], id_index: int) -> bool:
    """Insert PARAMS with SQL through the hook; False when the caller must insert them itself."""
    if _hook is None:
        return False
    pending = getattr(_local, "pending", None)
    if pending is None or _write is None:  # (nothing to write the waiting ranges with: at once)
        return bool(_hook(db, table, sql, params, id_index))
    return bool(_hook(db, table, sql, params, id_index, pending))


class Deferred:
    """The block of `deferred()`: `flush()` captures what it inserted so far."""

    def __init__(self, db):
        self.db = db

    def flush(self) -> None:
        """Write the outbox rows of what was inserted so far (the block goes on deferring)."""
        pending = getattr(_local, "pending", None)
        if pending and _write is not None:
            _write(self.db, list(pending))
        if pending:
            pending.clear()


@contextmanager
def deferred(db) -> Iterator[Deferred]:
    """Inside the caller's transaction: the bulk inserts of the block are captured when it ends
    (see the module). Nested, the outer block writes."""
    if getattr(_local, "pending", None) is not None:
        yield Deferred(db)
        return
    _local.pending = []
    scope = Deferred(db)
    try:
        yield scope
        scope.flush()
    finally:
        _local.pending = None
