"""The one clock: "today" everywhere comes from here, fixed by --today / $SALESTERM_TODAY."""
from __future__ import annotations

import datetime as _dt

_fixed_today: _dt.date | None = None


def set_today(day: _dt.date | None) -> None:
    global _fixed_today
    _fixed_today = day


def today() -> _dt.date:
    return _fixed_today if _fixed_today is not None else _dt.date.today()


def now() -> _dt.datetime:
    """Local wall-clock time; on a fixed day, that day at the current time of day."""
    current = _dt.datetime.now().replace(microsecond=0)
    if _fixed_today is None:
        return current
    return _dt.datetime.combine(_fixed_today, current.time())
