"""Hybrid logical clock: wall time in milliseconds plus a counter, so the order of changes
survives clocks that drift apart or step back (Kulkarni et al., 2014).

A clock is packed as fixed-width text, ``WWWWWWWWWWWWWWW-CCCCCC`` (15 digits of milliseconds
since 1970, 6 of counter), so comparing two packed clocks as strings compares them as clocks;
the hub and the replicas' SQL triggers use the same text. The order of changes is total with
the site id as the tie-break: ``(hlc, site)``.

Pure: every function takes the wall time as an argument.
"""
from __future__ import annotations

from typing import NamedTuple

WALL_DIGITS = 15
COUNT_DIGITS = 6
MAX_COUNT = 10 ** COUNT_DIGITS - 1
ZERO = "0" * WALL_DIGITS + "-" + "0" * COUNT_DIGITS
# a clock more than this far ahead of the receiver's wall time is suspect (a laptop's date wrong)
SUSPECT_AHEAD_MS = 24 * 3600 * 1000


class Clock(NamedTuple):
    wall: int  # milliseconds since 1970-01-01 UTC
    count: int = 0

    def pack(self) -> str:
        return f"{self.wall:0{WALL_DIGITS}d}-{self.count:0{COUNT_DIGITS}d}"


def unpack(text: str) -> Clock:
    wall, _, count = str(text).partition("-")
    return Clock(int(wall), int(count or 0))


def _bump(wall: int, count: int) -> Clock:
    """The counter goes up; when it is full the clock moves on a millisecond instead."""
    return Clock(wall, count + 1) if count < MAX_COUNT else Clock(wall + 1, 0)


def tick(last: Clock, now_ms: int) -> Clock:
    """The clock of a local event: later than LAST, and the wall time when that is later."""
    if now_ms > last.wall:
        return Clock(now_ms, 0)
    return _bump(last.wall, last.count)


def receive(last: Clock, remote: Clock, now_ms: int) -> Clock:
    """The clock after seeing REMOTE: later than both LAST and REMOTE."""
    wall = max(last.wall, remote.wall, now_ms)
    if wall == last.wall == remote.wall:
        return _bump(wall, max(last.count, remote.count))
    if wall == last.wall:
        return _bump(wall, last.count)
    if wall == remote.wall:
        return _bump(wall, remote.count)
    return Clock(wall, 0)


def wins(a: str, a_site: str, b: str, b_site: str) -> bool:
    """Whether the change at clock A from A_SITE is later than B's: the total order of changes
    (clock first, then the site id), the same on every replica and the hub."""
    return (str(a), str(a_site)) > (str(b), str(b_site))


def suspect(remote: Clock, now_ms: int) -> bool:
    """A clock far ahead of our own wall time: the sender's date is probably wrong."""
    return remote.wall - now_ms > SUSPECT_AHEAD_MS


def wall_iso(text: str) -> str:
    """The wall time of a packed clock as 'YYYY-MM-DD HH:MM:SS' UTC (for people)."""
    from datetime import UTC, datetime

    try:
        wall = unpack(text).wall
    except ValueError:
        return ""
    return datetime.fromtimestamp(wall / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")
