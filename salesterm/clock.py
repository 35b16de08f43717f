"""The one clock: "today" everywhere comes from here, fixed by --today / $SALESTERM_TODAY."""
from __future__ import annotations

import datetime as _dt

_fixed_today: _dt.date | None = None
_now_source = None  # while set (the demo's order history), now() asks it: rows stamped when they happened


def set_today(day: _dt.date | None) -> None:
    global _fixed_today
    _fixed_today = day


def today() -> _dt.date:
    return _fixed_today if _fixed_today is not None else _dt.date.today()


def set_now(source) -> None:
    """Make now() return SOURCE() (None: the wall clock again)."""
    global _now_source
    _now_source = source


def now() -> _dt.datetime:
    """Local wall-clock time; on a fixed day, that day at the current time of day."""
    if _now_source is not None:
        return _now_source()
    current = _dt.datetime.now().replace(microsecond=0)
    if _fixed_today is None:
        return current
    return _dt.datetime.combine(_fixed_today, current.time())
