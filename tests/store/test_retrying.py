"""store/transactions.retrying: a deadlock or serialisation failure runs the write again, whether
Peewee wrapped the driver's error or the code used the driver's connection itself (`server init`'s
ALTER TABLEs can deadlock with PostgreSQL's autovacuum of the same table)."""
from __future__ import annotations

import peewee
import psycopg.errors
import pytest

from salesterm.domain.errors import UserError
from salesterm.store import transactions
from salesterm.store.transactions import retrying


def _flaky(error: Exception, fails: int):
    calls = []

    @retrying
    def write():
        calls.append(1)
        if len(calls) <= fails:
            raise error
        return "done"

    return write, calls


@pytest.mark.parametrize("error", [psycopg.errors.DeadlockDetected("deadlock detected"),
                                   psycopg.errors.SerializationFailure("could not serialize"),
                                   peewee.OperationalError(psycopg.errors.DeadlockDetected("deadlock detected"))],
                         ids=["driver-deadlock", "driver-serialisation", "peewee-wrapped"])
def test_a_conflict_runs_the_write_again(error):
    write, calls = _flaky(error, fails=2)
    assert write() == "done" and len(calls) == 3


def test_a_conflict_every_time_is_a_message_not_a_traceback():
    write, calls = _flaky(psycopg.errors.DeadlockDetected("deadlock detected"), fails=99)
    with pytest.raises(UserError):
        write()
    assert len(calls) == transactions.ATTEMPTS


def test_any_other_error_is_not_run_again():
    write, calls = _flaky(psycopg.errors.UniqueViolation("duplicate key"), fails=1)
    with pytest.raises(psycopg.errors.UniqueViolation):
        write()
    assert len(calls) == 1
