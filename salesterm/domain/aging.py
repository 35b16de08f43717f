"""Accounts-receivable aging, as in ERPNext: buckets by days past the due date.

With the default ranges (30, 60, 90) the buckets are ``not_due``, ``1-30``,
``31-60``, ``61-90`` and ``90+``.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from .errors import UserError, shown

DEFAULT_RANGES: tuple[int, ...] = (30, 60, 90)
NOT_DUE = "not_due"
TOTAL = "total"


def _check_ranges(ranges: Sequence[int]) -> tuple[int, ...]:
    ranges = tuple(ranges)
    if not ranges:
        raise UserError("aging.ranges_empty_give_days_such")
    for n in ranges:
        if isinstance(n, bool) or not isinstance(n, int):
            raise UserError("aging.range_not_whole_number_days", value=shown(n))
        if n <= 0:
            raise UserError("aging.ranges_must_more_zero_days", value=n)
    if any(b <= a for a, b in zip(ranges, ranges[1:], strict=False)):
        listed = ",".join(map(str, ranges))
        raise UserError("aging.ranges_must_strictly_increasing_headers", headers=listed)
    return ranges


def parse_ranges(text: str) -> tuple[int, ...]:
    """Read ``"30,60,90"`` (spaces and full-width commas allowed) into ``(30, 60, 90)``."""
    raw = "" if text is None else str(text).strip()
    s = unicodedata.normalize("NFKC", raw).replace("、", ",").strip()
    if not s:
        raise UserError("aging.ranges_empty_give_days_such")
    numbers = []
    for part in s.split(","):
        part = part.strip()
        if not re.fullmatch(r"[0-9]{1,6}", part):
            raise UserError(
                "aging.ranges_must_whole_numbers_days", value=shown(raw)
            )
        numbers.append(int(part))
    return _check_ranges(numbers)


def bucket_names(ranges: Sequence[int] = DEFAULT_RANGES) -> list[str]:
    """``["not_due", "1-30", "31-60", "61-90", "90+"]`` for the default ranges."""
    ranges = _check_ranges(ranges)
    names = [NOT_DUE]
    low = 1
    for high in ranges:
        names.append(f"{low}-{high}")
        low = high + 1
    names.append(f"{ranges[-1]}+")
    return names


def days_overdue(as_of: _dt.date, due: _dt.date) -> int:
    """Days from the due date to ``as_of``: positive when late, zero or less when not due."""
    return (as_of - due).days


def bucket_for(days: int, ranges: Sequence[int] = DEFAULT_RANGES) -> str:
    """The bucket of an amount ``days`` past due (``0`` or less is ``not_due``)."""
    ranges = _check_ranges(ranges)
    return bucket_names(ranges)[_bucket_index(days, ranges)]


def _bucket_index(days: int, ranges: tuple[int, ...]) -> int:
    """Index into :func:`bucket_names` (ranges already checked)."""
    return 0 if days <= 0 else 1 + bisect_left(ranges, days)


@dataclass(frozen=True)
class AgingRow:
    """One line of the aging report: amounts (fen) per bucket name, and their total."""

    key: str
    amounts: dict[str, int]
    total: int


def age_items(
    items: Iterable[tuple[Hashable, _dt.date, int]],
    as_of: _dt.date,
    ranges: Sequence[int] = DEFAULT_RANGES,
) -> tuple[list[AgingRow], dict[str, int]]:
    """Group ``(key, due_date, open_fen)`` items by key into aging rows.

    Every row has every bucket (0 when empty). Rows are sorted by total, largest
    first, then by key. The totals hold every bucket and ``"total"``.
    """
    ranges = _check_ranges(ranges)
    names = bucket_names(ranges)
    grouped: dict[Hashable, dict[str, int]] = {}
    for key, due, open_fen in items:
        if isinstance(open_fen, bool) or not isinstance(open_fen, int):
            raise TypeError(f"open amount must be an int number of fen, not {open_fen!r}")
        amounts = grouped.get(key)
        if amounts is None:
            amounts = grouped[key] = dict.fromkeys(names, 0)
        amounts[names[_bucket_index((as_of - due).days, ranges)]] += open_fen
    rows = [AgingRow(key, amounts, sum(amounts.values())) for key, amounts in grouped.items()]
    rows.sort(key=lambda row: (-row.total, str(row.key)))
    totals = dict.fromkeys(names, 0)
    for row in rows:
        for name, fen in row.amounts.items():
            totals[name] += fen
    totals[TOTAL] = sum(row.total for row in rows)
    return rows, totals
