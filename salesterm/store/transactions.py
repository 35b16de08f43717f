"""Write transactions: the one way store code starts a write, so two salesterms writing at once
(two laptops on one PostgreSQL, or a CLI import beside the TUI on one SQLite file) stay correct.

- `write_transaction()` begins the outermost transaction as a writer. On SQLite that is
  `BEGIN IMMEDIATE`: a second writer waits out the busy timeout for the first to finish (a
  transaction begun as a reader and upgraded later fails at once instead), and when the timeout
  passes it is refused with one plain line (another salesterm is writing: try again). Nested,
  it is a savepoint. On PostgreSQL it is an ordinary READ COMMITTED transaction; what it checks
  before writing is locked first:
- `lock_customer_identity()` holds the rule "which customers are the same customer" (the
  duplicate rule of imports and of the customer form) for the transaction: a PostgreSQL
  transaction-level advisory lock on one key, whatever the rule compares, so the rule can change
  without touching the locking. On SQLite the write transaction already excludes other writers.
- `lock_customers(ids)` locks customers' rows (sorted, so two writers never wait for each other
  in a circle) before their ledger is read and allocated against: payments, receivables,
  reversals, write-offs and the per-customer summaries all take it.
- `retrying` re-runs a whole write when PostgreSQL reports a deadlock or a serialisation
  failure, a bounded number of times; a unique-key clash with another writer becomes one line.
"""
from __future__ import annotations

import contextlib
import functools
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator

import peewee

from salesterm.domain.errors import UserError
from salesterm.store.models import database, is_sqlite

# pg_advisory_xact_lock key of the customer duplicate rule ("salesterm customers" in a bigint)
CUSTOMER_IDENTITY_KEY = 0x5A1E_5C05_7000_0001
ATTEMPTS = 4  # a deadlock or serialisation failure: the whole write is tried this many times
_RETRY_STATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected
_CHUNK = 500


def _locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _sqlstate(exc: BaseException) -> str | None:
    """The PostgreSQL SQLSTATE behind a Peewee error (Peewee wraps the driver's exception)."""
    for inner in (exc, getattr(exc, "orig", None), exc.__cause__, exc.__context__, *(exc.args[:1] if exc.args else ())):
        state = getattr(inner, "sqlstate", None) or getattr(inner, "pgcode", None)
        if state:
            return str(state)
    return None


def is_conflict(exc: BaseException) -> bool:
    """A deadlock or serialisation failure: nothing is wrong with the write, trying again works."""
    return _sqlstate(exc) in _RETRY_STATES


@contextlib.contextmanager
def write_transaction() -> Iterator[None]:
    """A write transaction (a savepoint when one is already open). See the module's notes."""
    db = database.obj
    outer = not db.in_transaction()
    sqlite = is_sqlite(db)
    try:
        with db.atomic("IMMEDIATE") if outer and sqlite else db.atomic():
            yield
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        if outer and sqlite and _locked(exc):
            raise UserError("database.another_salesterm_writing") from exc
        raise
    except peewee.IntegrityError as exc:
        if outer and not sqlite and _sqlstate(exc) == "23505":  # unique_violation: another writer won
            raise UserError("database.same_rows_written_at_once") from exc
        raise


def retrying(fn):
    """Decorate a store function that writes: called outside any transaction, a deadlock or
    serialisation failure re-runs it whole (ATTEMPTS times at most, with a short random pause)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if database.obj is not None and database.obj.in_transaction():  # the caller's transaction retries
            return fn(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # Peewee's errors, and the driver's on a raw connection
                if not is_conflict(exc):
                    raise
                if attempt == ATTEMPTS:
                    raise UserError("database.same_rows_written_at_once") from exc
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    return wrapper


def lock_customer_identity() -> None:
    """Hold the customer duplicate rule until the transaction ends (PostgreSQL; see the notes).
    Take it before reading what the rule compares."""
    if not is_sqlite():
        database.execute_sql(f"SELECT pg_advisory_xact_lock({database.obj.param})", [CUSTOMER_IDENTITY_KEY])


def lock_customers(customer_ids: Iterable[str]) -> None:
    """Lock these customers' rows until the transaction ends (PostgreSQL; SQLite's write
    transaction already excludes other writers), in id order."""
    if is_sqlite():
        return
    ids = sorted({i for i in customer_ids if i})
    p = database.obj.param
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        database.execute_sql(
            f"SELECT id FROM customer WHERE id IN ({', '.join([p] * len(chunk))}) ORDER BY id FOR NO KEY UPDATE",
            chunk)
