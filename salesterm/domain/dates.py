"""Dates as people type them in China: 2026-11-29, 2026/11/29, 20261129, 2026年11月29日."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from .errors import UserError, shown

#: Years outside this range are taken as typos (``0026-11-29``, ``20261-1-1``).
MIN_YEAR = 1900
MAX_YEAR = 2200

_PATTERNS = (
    re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})", re.ASCII),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", re.ASCII),
    re.compile(
        r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?", re.ASCII
    ),
)
# What Excel and WPS append to a date cell exported as text: "2026/11/29 0:00:00".
_TIME = re.compile(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.ASCII)


class DateError(UserError, ValueError):
    """A date that cannot be read, or does not exist."""


def parse_date(text: str) -> _dt.date:
    """Read a date typed by a person; a time of day after it (``0:00:00``) is ignored.

    Raises :class:`DateError` naming the text for garbage and impossible dates.
    """
    raw = "" if text is None else str(text).strip()
    s = unicodedata.normalize("NFKC", raw).strip()
    if not s:
        raise DateError("dates.empty")
    for pattern in _PATTERNS:
        match = pattern.match(s)
        if match and _TIME.fullmatch(s, match.end()):
            break
    else:
        raise DateError("dates.not_a_date", value=shown(raw))
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError("dates.year_out_range_value", value=shown(raw))
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise DateError("dates.no_such_value", value=shown(raw)) from None


def parse_date_or_none(text: str | None) -> _dt.date | None:
    """Like :func:`parse_date`, but empty text (or ``None``) means no date."""
    if text is None or not str(text).strip():
        return None
    return parse_date(text)


def monday_of(d: _dt.date) -> _dt.date:
    """The Monday of the (ISO, Monday-first) week holding ``d``."""
    return d - _dt.timedelta(days=d.weekday())
