"""PostgreSQL's driver loads only when a postgresql:// database is opened.

Peewee 4.5 tries `import psycopg` when peewee itself is imported (its PostgreSQL adapter reads
the module from a global), which costs 60-150 ms of every start even when the database is a
SQLite file. `import_peewee()` (run by the store package before any of its modules imports
peewee) imports peewee with psycopg hidden, so peewee sees no PostgreSQL driver;
`load()` (called by db.make_database for postgresql:// targets) imports psycopg and hands it
to peewee exactly as peewee's own module-level import would have: the same four globals
(`psycopg`, `TransactionStatus`, `Json_pg3`, `Jsonb_pg3`) and the three transaction states
that `Psycopg3Adapter`'s class body reads from `TransactionStatus`.

Both are idempotent and safe in any order: when psycopg was already imported (by a test, a
script) peewee sees it as usual and `load()` has nothing to do. SQLite and PostgreSQL can be
opened one after the other in the same process.
"""
from __future__ import annotations

import sys
import threading

_lock = threading.Lock()


def import_peewee():
    """Import peewee without letting it import psycopg (if peewee is not imported yet)."""
    if "peewee" in sys.modules:
        return sys.modules["peewee"]
    hidden = "psycopg" not in sys.modules
    if hidden:
        sys.modules["psycopg"] = None  # `import psycopg` raises ImportError while this is set
    try:
        import peewee
    finally:
        if hidden and sys.modules.get("psycopg", 0) is None:
            del sys.modules["psycopg"]
    return peewee


def load():
    """Import psycopg and wire it into peewee; returns the psycopg module."""
    peewee = import_peewee()
    with _lock:
        if getattr(peewee, "psycopg", None) is not None:
            return peewee.psycopg
        if getattr(peewee, "psycopg2", None) is not None:
            return peewee.psycopg2  # peewee prefers psycopg2 when it is installed: nothing to wire
        try:
            import psycopg
            from psycopg.pq import TransactionStatus
            from psycopg.types.json import Json, Jsonb
        except ImportError:
            return None  # peewee reports the missing driver when it connects
        peewee.TransactionStatus = TransactionStatus
        peewee.Json_pg3 = Json
        peewee.Jsonb_pg3 = Jsonb
        adapter = peewee.Psycopg3Adapter
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN
        peewee.psycopg = psycopg  # last: peewee picks its adapter by this one
        return psycopg
