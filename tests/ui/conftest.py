"""Fixtures and the one wait helper of the Pilot tests.

Database work runs in worker threads, so a test never counts pauses: it waits with `until` for the
condition it is about to check (or, with no condition, for the app to be idle), and fails with a clear
message when that does not happen in time, however busy the machine is."""
from __future__ import annotations

import asyncio

from textual.worker import WorkerState

# Seconds before a wait gives up: generous, since CI and a loaded laptop can be slow.
TIMEOUT = 30.0
_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


def idle(app) -> bool:
    """No database worker is waiting or running (callbacks run before a worker is marked done)."""
    return not any(worker.state in _BUSY for worker in app.workers)


async def until(pilot, predicate=None, *, timeout: float = TIMEOUT, what: str = "") -> None:
    """Let the app run (its workers and their replies included) until PREDICATE() holds.

    With no PREDICATE, until the app is idle twice in a row: a worker's reply may start the next
    worker (a reload after a move), so one quiet moment is not enough. An exception raised by
    PREDICATE counts as "not yet" (the screen may still be composing); the last one is reported."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    last_error: Exception | None = None
    while True:
        await pilot.pause()
        try:
            if predicate is None:
                quiet = quiet + 1 if idle(app) else 0
                if quiet >= 2:
                    return
            elif predicate():
                return
        except Exception as error:  # noqa: BLE001 - widgets not mounted yet
            last_error = error
        if loop.time() > deadline:
            goal = what or ("the app to be idle" if predicate is None else _describe(predicate))
            busy = [w.name or w.group for w in app.workers if w.state in _BUSY]
            detail = f"; last error: {last_error!r}" if last_error else ""
            detail += f"; workers still busy: {busy}" if busy else ""
            raise AssertionError(f"waited {timeout:.0f}s for {goal} on {type(app.screen).__name__}{detail}")
        await asyncio.sleep(0.01)


def _describe(predicate) -> str:
    code = getattr(predicate, "__code__", None)
    if code is None:
        return repr(predicate)
    return f"the condition at {code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno}"
