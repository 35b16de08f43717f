"""The search index's change stamp (table search_stamp, migration 0007) around bulk writes.

On SQLite the stamp is bumped by row triggers on customer and contact; a trigger costs about
30 µs a row there (the trigger program runs once per row), which alone would take a 100k
customer import past its 10 s budget. A bulk writer therefore drops those triggers inside its
own transaction, writes, puts them back exactly as they were, and bumps the stamp once. DDL in
SQLite is transactional: whatever happens, other connections only ever see the triggers in
place. PostgreSQL's triggers fire once per statement, so there is nothing to suspend.
"""
from __future__ import annotations

from contextlib import contextmanager

import peewee

from salesterm.store.models import database

_ROW_TRIGGERS = ("customer", "contact")
_BUMP = ("UPDATE search_stamp SET generation = generation + 1, "
         "token = lower(hex(randomblob(16))) WHERE id = 1")


@contextmanager
def bulk_writes():
    """Call inside the bulk writer's transaction (database.atomic())."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        yield
        return
    marks = ", ".join("?" * len(_ROW_TRIGGERS))
    triggers = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_stamp_%' "
        f"AND tbl_name IN ({marks})", _ROW_TRIGGERS).fetchall()
    for name, _sql in triggers:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        for _name, sql in triggers:
            db.execute_sql(sql)
        if triggers:
            db.execute_sql(_BUMP)
