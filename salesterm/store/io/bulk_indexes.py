"""Secondary indexes set aside while a large import writes, built once at the end.

Each customer row written one by one also goes into a dozen index b-trees (name, city, grade,
pinyin initials, sort name, rep, the collection queue's covering index, ...), most keyed by
random UUIDs: about 70% of a 100k-customer import's insert time in SQLite. Building an index
once from the finished table sorts instead, in a fraction of that. So when a file brings at
least as many rows as a table holds (an empty or small database: the first import), the
table's plain indexes are dropped inside the import's transaction and made again, from the
same SQL, before the transaction ends. DDL in SQLite is transactional: other connections only
ever see the indexes in place, and a rolled-back import leaves them as they were. A row that
updates a customer on file brings them back at once (it looks the customer's contacts up by
them), and they stay for the rest of the file. UNIQUE and primary-key indexes stay (they are
the rules rows are checked against while written), and so do the indexes of a table the file
would only add a little to. PostgreSQL: nothing is set aside.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import peewee

from salesterm.store.models import database

FROM_ROWS = 5000  # smaller files: the indexes stay (building them again is not worth it)


class SetAside:
    """The plain indexes a bulk writer may set aside: `drop` them before its first insert,
    `restore` them (made again from the same SQL) before a query that needs them; once
    restored they stay (a later drop does nothing)."""

    def __init__(self, indexes: Sequence[tuple[str, str]] = ()):
        self.waiting = list(indexes)  # (name, CREATE INDEX sql) not dropped yet
        self.statements: list[str] = []  # the CREATE INDEX sql of those dropped

    def drop(self) -> None:
        waiting, self.waiting = self.waiting, []
        for name, sql in waiting:
            database.obj.execute_sql(f'DROP INDEX "{name}"')
            self.statements.append(sql)

    def restore(self) -> None:
        self.waiting = []
        statements, self.statements = self.statements, []
        for sql in statements:
            database.obj.execute_sql(sql)


def _plain_indexes(db, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX sql) of TABLE's indexes that are neither UNIQUE nor a key's."""
    plain = {row[1] for row in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall()
             if not row[2] and row[3] == "c"}  # (seq, name, unique, origin, partial)
    found = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                           "AND sql IS NOT NULL ORDER BY name", (table,)).fetchall()
    return [(name, sql) for name, sql in found if name in plain]


@contextmanager
def set_aside(tables: Sequence[str], *, rows: int) -> Iterator[SetAside]:
    """Inside the writer's transaction, about to write up to ROWS rows into each of TABLES:
    the plain indexes of every table holding no more rows than that may be set aside (the
    yielded object's `drop`, before the first insert) and are made again at the latest when
    the block ends normally (`restore` does it earlier, before a query that needs them: an
    import's update looking up a customer's contacts). On an error the transaction's
    rollback puts them back."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase) or rows < FROM_ROWS:
        yield SetAside()
        return
    indexes = []
    for table in tables:
        if db.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0] <= rows:
            indexes += _plain_indexes(db, table)
    aside = SetAside(indexes)
    yield aside
    aside.restore()
