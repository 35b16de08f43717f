"""Reads started before the app's screens exist: the first screen's data is read on a thread of
its own while Textual sets the screen up (SQLite releases the GIL while a query runs), so the
screen paints with its data already there or soon after.

    start(database, fn, *args)     read FN(*ARGS) now, on a thread (once per database, FN, ARGS)
    result(database, fn, *args)    what it read (waiting for it), once; else FN(*ARGS) read now
    today_first(database, rep)     start Today's read (the app's first section) for REP

The app starts Today's read in on_load (app.py). A read is used once, by the first screen that
asks for it with the same database, function and arguments (another day or rep reads anew). One
that failed, or that finished more than MAX_AGE seconds before it is asked for, is read again:
the screen never shows an error the early read met, nor data older than that.

Started earlier still, by the command line before it imported Textual and the app, the read
made the first paint later on a busy machine (2026-12-03, load 8-9 on 2 cores: launch to a
usable Today 2.24-2.68x the minimal app against 1.93-2.36x; benchmarks/README.md): the read's
thread and the imports took the GIL from each other. So it starts where Textual's own set-up
gives it room.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future

MAX_AGE = 10.0  # seconds between an early read's end and its use, beyond which it is read again

_reads: dict[tuple, Future] = {}
_lock = threading.Lock()


def start(database, fn, *args) -> None:
    """Read FN(*ARGS) on DATABASE now, on a thread of its own (nothing when it is already read)."""
    key = (database, fn, args)
    with _lock:
        if key in _reads:
            return
        future: Future = Future()
        _reads[key] = future

    def read() -> None:
        try:
            with database.connection_context():
                value = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - result() reads again in the worker that asks
            future.set_exception(exc)
        else:
            future.read_at = time.monotonic()
            future.set_result(value)

    threading.Thread(target=read, name="salesterm-early-read", daemon=True).start()


def started(database, fn, *args) -> bool:
    with _lock:
        return (database, fn, args) in _reads


def result(database, fn, *args):
    """FN(*ARGS) as read early on DATABASE (waiting for it), once; else (none started, it failed,
    or it is more than MAX_AGE seconds old) read now. Call it where FN may run (a worker)."""
    with _lock:
        future = _reads.pop((database, fn, args), None)
    if future is not None:
        try:
            value = future.result()
        except Exception:  # noqa: BLE001 - read again below: an error shows only if it happens now
            pass
        else:
            if time.monotonic() - future.read_at <= MAX_AGE:
                return value
    return fn(*args)


def forget(database=None) -> None:
    """Drop the reads not taken (of DATABASE, or all): a closed database's, say."""
    with _lock:
        for key in [k for k in _reads if database is None or k[0] is database]:
            del _reads[key]


def today_first(database, rep: str | None) -> None:
    """Start reading Today's agenda, the app's first section, for REP (None: every rep's)."""
    from salesterm import clock
    from salesterm.store.visits.today_read import load_agenda

    start(database, load_agenda, clock.today(), rep)
