"""Helpers for the notes and reports Pilot tests: a demo database, waiting for workers, screen text."""
from __future__ import annotations

from salesterm.store.db import open_database


def demo_db(path, customers: int = 120, build=None) -> str:
    """A SQLite file filled by the demo generator (and BUILD() after it, models bound)."""
    from salesterm.store import demo

    db = open_database(str(path))
    try:
        demo.generate(customers=customers, seed=7)
        if build is not None:
            build()
    finally:
        db.close()
    return str(path)


def in_db(path, fn, *args, **kwargs):
    """Run FN against the file at PATH from the test (what a user would find in the database)."""
    from salesterm.store.models import database

    db = database.obj
    with db.connection_context():
        return fn(*args, **kwargs)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def table_rows(table) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
