"""The only layer that knows SQL: Peewee models, database lifecycle, queries, import/export."""

from salesterm.store import pgdriver as _pgdriver

_pgdriver.import_peewee()  # without psycopg: db.py loads it for postgresql:// only (see pgdriver)
