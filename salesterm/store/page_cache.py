"""SQLite's page cache sized for one piece of work, then put back (32 MB otherwise: store/db.py).

Reading every customer once (the search index's build) gains nothing from it: a small cache
keeps the build's peak memory low. A large import gains from one that holds what it writes: the
indexes it builds at the end and its outbox read the new rows from memory instead of through
the WAL (about 0.6 s of a 100k-customer import). SQLite frees the pages over the size when it is
put back. PostgreSQL: nothing.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee

from salesterm.store.models import database

LARGEST_KIB = 512 * 1024  # an import's cache at most (a 100k-customer file writes about 240 MB)


@contextmanager
def page_cache(kib: int) -> Iterator[None]:
    """SQLite's page cache of KIB kibibytes for the block (at most LARGEST_KIB)."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        yield
        return
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = -{max(1, min(int(kib), LARGEST_KIB))}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(before)}")
