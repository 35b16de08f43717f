"""salesterm/early_read.py: a read started before the first screen exists is used once, by the
same database, function and arguments; a failed or old one is read again, never shown."""
from __future__ import annotations

import threading

import pytest

from salesterm import early_read


class _Db:
    """What early_read needs of a database: a connection context."""

    def connection_context(self):
        import contextlib

        return contextlib.nullcontext()


@pytest.fixture(autouse=True)
def _clean():
    early_read.forget()
    yield
    early_read.forget()


def test_a_read_is_used_once_by_the_same_database_function_and_arguments():
    db, other = _Db(), _Db()
    threads = []

    def read(day, rep):
        threads.append(threading.current_thread().name)
        return (day, rep, len(threads))

    early_read.start(db, read, "2026-11-29", "王伟")
    early_read.start(db, read, "2026-11-29", "王伟")  # already under way: not twice
    assert early_read.result(db, read, "2026-11-29", "王伟") == ("2026-11-29", "王伟", 1)
    assert threads == ["salesterm-early-read"]
    # taken: the next asks read now, as do another database, day or rep
    assert early_read.result(db, read, "2026-11-29", "王伟") == ("2026-11-29", "王伟", 2)
    early_read.start(db, read, "2026-11-29", "王伟")
    assert early_read.result(other, read, "2026-11-29", "王伟")[2] == 4
    assert early_read.result(db, read, "2026-11-30", "王伟")[0] == "2026-11-30"
    assert early_read.result(db, read, "2026-11-29", None)[1] is None
    assert threads[1] == threading.current_thread().name


def test_a_failed_early_read_is_read_again_where_it_is_asked_for():
    db = _Db()
    calls = []

    def read():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        return "rows"

    early_read.start(db, read)
    assert early_read.result(db, read) == "rows"
    assert len(calls) == 2


def test_an_error_of_the_read_made_now_is_the_callers():
    db = _Db()

    def read():
        raise RuntimeError("still broken")

    early_read.start(db, read)
    with pytest.raises(RuntimeError, match="still broken"):
        early_read.result(db, read)


def test_an_early_read_older_than_max_age_is_read_again(monkeypatch):
    db = _Db()
    answers = iter(["old", "fresh"])

    def read():
        return next(answers)

    early_read.start(db, read)
    early_read._reads[(db, read, ())].result()  # done
    monkeypatch.setattr(early_read, "MAX_AGE", -1.0)  # anything read is too old now
    assert early_read.result(db, read) == "fresh"
